import EDI
import Foundation
import Testing

struct ControlNumberStoreTests {
    func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edi-cn-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("control-numbers.tsv").path
    }

    @Test func numbersIncreasePerPartnerAndKindAndSurviveReopening() throws {
        let path = temporaryPath()
        let store = FileControlNumberStore(path: path)
        #expect(try store.next(.interchange, for: "ZZ/ACME") == 1)
        #expect(try store.next(.interchange, for: "ZZ/ACME") == 2)
        #expect(try store.next(.group, for: "ZZ/ACME") == 1)
        #expect(try store.next(.interchange, for: "ZZ/OTHER") == 1)
        let reopened = FileControlNumberStore(path: path)
        #expect(try reopened.next(.interchange, for: "ZZ/ACME") == 3)
        #expect(try reopened.last(.group, for: "ZZ/ACME") == 1)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func concurrentReservationsNeverRepeat() async throws {
        let path = temporaryPath()
        let stores = [FileControlNumberStore(path: path), FileControlNumberStore(path: path)]
        let numbers = try await withThrowingTaskGroup(of: [Int].self) { group in
            for t in 0..<8 {
                group.addTask {
                    try (0..<25).map { _ in try stores[t % 2].next(.interchange, for: "ZZ/ACME") }
                }
            }
            return try await group.reduce(into: [Int]()) { $0 += $1 }
        }
        #expect(numbers.count == 200)
        #expect(Set(numbers) == Set(1...200))
    }

    @Test func corruptStateFileIsAnErrorNotAReset() throws {
        let path = temporaryPath()
        try "ZZ/ACME\tinterchange\tnot-a-number\n".write(toFile: path, atomically: true, encoding: .utf8)
        let store = FileControlNumberStore(path: path)
        #expect(throws: ControlNumberError.self) { try store.next(.interchange, for: "ZZ/ACME") }
    }
}

struct DuplicateInterchangeTests {
    @Test func sameSenderReceiverAndControlNumberIsADuplicate() throws {
        let detector = DuplicateInterchangeDetector(registry: InMemoryInterchangeRegistry())
        let a = try #require(X12Samples.document(X12Samples.shipNotice(control: "000000905")).interchanges.first)
        let b = try #require(X12Samples.document(X12Samples.shipNotice(control: "000000906")).interchanges.first)
        #expect(try detector.check(a.header, file: "first.edi") == nil)
        #expect(try detector.check(b.header, file: "second.edi") == nil)
        let duplicate = try #require(try detector.check(a.header, file: "again.edi"))
        #expect(duplicate.code == .duplicateInterchange)
        #expect(duplicate.message.contains("first.edi"))
        #expect(InterchangeKey(a.header).storageKey == "X12|ZZ/ACMEWMS|ZZ/CROSSDOCK|000000905")
    }

    @Test func differentReceiverIsNotADuplicate() throws {
        let detector = DuplicateInterchangeDetector(registry: InMemoryInterchangeRegistry())
        let a = try #require(X12Samples.document(X12Samples.shipNotice()).interchanges.first)
        let other = X12Samples.shipNotice().replacingOccurrences(of: "CROSSDOCK      ", with: "ELSEWHERE      ")
        let b = try #require(X12Samples.document(other).interchanges.first)
        #expect(try detector.check(a.header, file: "a.edi") == nil)
        #expect(try detector.check(b.header, file: "b.edi") == nil)
    }
}
