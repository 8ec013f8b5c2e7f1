import CrossdockTesting
import EdgeAgent
import Foundation
import ServiceLifecycle
import Testing
import WireProtocol

/// A file that keeps growing is captured while it grows, not only once its writer pauses: a live feed.
struct FileSourceGrowingFileTests {
    typealias Support = SourceTestSupport

    private let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-1")

    /// The `shipmentNumber` of every event stored in `outbox`, in sequence order.
    private func storedNumbers(_ outbox: Outbox) async throws -> [String] {
        try await outbox.records(after: 0, limit: 1_000_000, maxBytes: Int.max).map { record in
            try JSONValue.parse(record.body)["data"]?["shipmentNumber"]?.stringValue ?? ""
        }
    }

    /// A writer appends a line every 100 ms for 15 s (opening and closing the file each time, as a logger that
    /// reopens does) while the source runs as the agent configures it: 50 ms polls, batches of 500 (more than the
    /// writer ever writes), the default 1 MiB read chunk. More than half of the lines must be in the outbox before
    /// the writer appends its last one (7.5 s of slack), and every line exactly once at the end.
    @Test func aFileAppendedToEvery100msIsCommittedWhileItGrowsAndEachLineOnce() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let outbox = try Outbox(path: dir + "/outbox.sqlite", identity: identity)
            let source = FileSource(
                settings: FileSourceSettings(
                    name: "feed", paths: [path], format: .jsonLines, pollInterval: .milliseconds(50), batchSize: 500,
                    mapping: try Support.mapping()),
                sourceURI: "/acme/dc1/agent-1/file/feed", sink: outbox, logger: Support.logger)
            let lines = 150
            let group = ServiceGroup(services: [source], logger: Support.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var storedBeforeLastLine: UInt64 = 0
                for n in 1...lines {
                    if n == lines { storedBeforeLastLine = try await outbox.statistics().lastSequence }
                    try Support.append(Support.jsonLine(n), to: path)
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(
                    storedBeforeLastLine > UInt64(lines / 2),
                    "only \(storedBeforeLastLine) of \(lines - 1) lines were stored while the file kept growing")
                // Hang guard: the rest within 60 s of the writer stopping.
                for _ in 0..<1_200 where try await outbox.statistics().lastSequence < UInt64(lines) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let numbers = try await storedNumbers(outbox)
            #expect(numbers.count == lines)
            #expect(numbers == (1...lines).map(String.init))
            let cursor = try await outbox.cursor(for: "feed")
            let position = try FileSourceCursor(position: try #require(cursor).position, source: "feed")
            #expect(position.files.first?.offset == UInt64(try Data(contentsOf: URL(fileURLWithPath: path)).count))
        }
    }
}
