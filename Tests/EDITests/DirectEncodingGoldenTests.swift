import Foundation
import Testing

@testable import WireProtocol

/// For every event in the EDI golden outputs, the payload's direct JSON equals what `Encodable` produces.
struct DirectEncodingGoldenTests {
    static let goldenFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CorpusFiles.golden.path)) ?? []
        return names.filter { $0.hasSuffix(".events.jsonl") }.sorted()
    }()

    @Test func goldenOutputsExist() {
        #expect(Self.goldenFiles.count >= 20)
    }

    @Test(arguments: goldenFiles)
    func directJSONEqualsCodable(file: String) throws {
        let text = try String(contentsOf: CorpusFiles.golden.appendingPathComponent(file), encoding: .utf8)
        // Event lines are JSON objects; the other lines of a golden file name problems.
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            let event = try JSONValue.parse(String(line))
            guard let type = event["type"]?.stringValue, let payloadType = EventType(rawValue: type).payloadType,
                let data = event["data"]
            else { continue }
            let payload = try JSONValueDecoder().decode(payloadType, from: data)
            let direct = try JSONValueEncoder().encode(payload)
            let codable = try JSONValueEncoder().encodeThroughCodable(payload)
            #expect(direct.encoded() == codable.encoded(), "\(file): direct JSON differs from Encodable")
            #expect(direct.encoded() == data.encoded(), "\(file): encoding changed the golden data")
        }
    }
}
