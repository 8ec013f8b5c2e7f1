import Foundation
import Testing
import WireProtocol

/// Malformed envelopes, payloads, bytes, batches and topics: each yields a clear error naming the path.
struct MalformedInputTests {
    @Test func thereAreMoreThanAHundredCases() {
        #expect(MalformedCase.all.count >= 100)
        #expect(Set(MalformedCase.all.map(\.name)).count == MalformedCase.all.count, "case names must be unique")
    }

    @Test(arguments: MalformedCase.all)
    func malformedInputGivesAClearError(_ testCase: MalformedCase) {
        let error: WireProtocolError
        do {
            switch testCase.input {
            case .event(let bytes):
                _ = try CloudEvent(jsonBytes: bytes)
            case .eventExpecting(let bytes, let identity):
                _ = try CloudEvent(jsonBytes: bytes, options: CloudEventDecodingOptions(expectedIdentity: identity))
            case .batch(let bytes, let options):
                _ = try CloudEventBatch(jsonBytes: bytes, options: options)
            case .topic(let name):
                _ = try Topic(parsing: name)
            }
            Issue.record("\(testCase.name): accepted")
            return
        } catch let caught {
            error = caught
        }
        #expect(error.code == testCase.code, "\(error)")
        let match = error.problems.first {
            $0.path.description == testCase.path && $0.message.contains(testCase.message)
        }
        #expect(
            match != nil, "expected a problem at \(testCase.path) containing \"\(testCase.message)\", got:\n\(error)")
        // The operator-facing description names the path and the problem.
        #expect(error.description.contains(testCase.path))
    }

    @Test(arguments: MalformedCase.all.filter { if case .event = $0.input { return true } else { return false } })
    func validationHelperReportsTheSameProblem(_ testCase: MalformedCase) throws {
        guard case .event(let bytes) = testCase.input else { return }
        let problems = CloudEvent.problems(in: bytes)
        #expect(problems.contains { $0.path.description == testCase.path && $0.message.contains(testCase.message) })
    }

    @Test func unreadableBytesCarryTheirOffset() throws {
        let text = "{\"a\": [1, 2,, 3]}"
        let error = try #require(throws: WireProtocolError.self) { try JSONValue.parse(text) }
        #expect(error.byteOffset == 12)
        #expect(error.problems.first?.path.description == "$.a[2]")
        #expect(error.description.contains("(at byte 12)"))
    }
}
