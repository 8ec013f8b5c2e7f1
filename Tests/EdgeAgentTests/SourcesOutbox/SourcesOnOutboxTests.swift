import CrossdockTesting
import EdgeAgent
import Foundation
import Testing
import WireProtocol

/// The file and folder sources against the real outbox on a real SQLite file: events, quarantined records and
/// cursors committed together; a restart (a new outbox on the same file) continues without loss or new ids.
struct SourcesOnOutboxTests {
    typealias Support = SourceTestSupport

    /// Fails one append before it reaches the outbox, as a process killed before its commit would.
    actor CrashingSink: EventSink {
        let outbox: Outbox
        var remaining: Int

        init(outbox: Outbox, failAfter appends: Int) {
            self.outbox = outbox
            self.remaining = appends
        }

        func append(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor) async throws {
            remaining -= 1
            if remaining < 0 { throw RecordingEventSink.InjectedCrash() }
            try await outbox.append(events, quarantined: quarantined, cursor: cursor)
        }

        func cursor(for source: String) async throws -> SourceCursor? {
            try await outbox.cursor(for: source)
        }
    }

    private let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-1")

    private func storedIDs(_ outbox: Outbox) async throws -> [String] {
        try await outbox.records(after: 0, limit: 1_000_000, maxBytes: Int.max).map { record in
            try JSONValue.parse(record.body)["id"]?.stringValue ?? ""
        }
    }

    private func lines(_ range: ClosedRange<Int>) -> String {
        range.map { Support.jsonLine($0) }.joined()
    }

    @Test func fileSourceCrashAndRotationOnTheRealOutbox() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let database = dir + "/outbox.sqlite"
            try Support.append(lines(1...3000) + "{broken\n", to: path)
            do {
                let outbox = try Outbox(path: database, identity: identity)
                let crashing = CrashingSink(outbox: outbox, failAfter: 2)
                await #expect(throws: RecordingEventSink.InjectedCrash.self) {
                    try await Support.fileSource([path], sink: crashing, batchSize: 1000).pollOnce()
                }
                #expect(try await storedIDs(outbox).count == 2000)
            }
            // Restarted: rotated while stopped, then more lines.
            try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
            try Support.append(lines(3001...3500), to: path)
            let outbox = try Outbox(path: database, identity: identity)
            try await Support.fileSource([path], sink: outbox, batchSize: 1000).pollOnce()
            let ids = try await storedIDs(outbox)
            #expect(ids.count == 3500)
            #expect(Set(ids).count == 3500)
            #expect(try await outbox.quarantinedCount() == 1)
            let quarantined = try await outbox.quarantined()
            #expect(quarantined.first?.record.location == "\(path).1:3001")
            let statistics = try await outbox.statistics()
            #expect(statistics.lastSequence == 3500)
            // The same file read again from scratch yields exactly the ids stored.
            let fresh = RecordingEventSink()
            try await Support.fileSource([path, path + ".1"], sink: fresh).pollOnce()
            #expect(Set(await fresh.events.map(\.id)) == Set(ids))
        }
    }

    @Test func folderSourceResumesAFileOnTheRealOutbox() async throws {
        try await withTemporaryDirectory { dir in
            let database = dir + "/outbox.sqlite"
            try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
            let text = "n,status,at\n" + (1...2500).map { Support.csvRow($0) }.joined()
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/inbox/big.csv"))
            func source(_ sink: any EventSink) throws -> FolderSource {
                FolderSource(
                    settings: FolderSourceSettings(
                        name: "drop", inbox: dir + "/inbox", stableFor: .zero, mapping: try Support.mapping(),
                        batchSize: 1000),
                    sourceURI: "/acme/dc1/agent-1/folder/drop", sink: sink, logger: Support.logger)
            }
            do {
                let outbox = try Outbox(path: database, identity: identity)
                await #expect(throws: RecordingEventSink.InjectedCrash.self) {
                    try await source(CrashingSink(outbox: outbox, failAfter: 2)).pollOnce()
                }
                #expect(try await storedIDs(outbox).count == 2000)
            }
            let outbox = try Outbox(path: database, identity: identity)
            try await source(outbox).pollOnce()
            // Dropped again: recognised by its content hash kept in the cursor.
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/inbox/big-again.csv"))
            try await source(outbox).pollOnce()
            let ids = try await storedIDs(outbox)
            #expect(ids.count == 2500)
            #expect(Set(ids).count == 2500)
            let archived = try FileManager.default.contentsOfDirectory(atPath: dir + "/archive").sorted()
            #expect(archived == ["big-again.csv", "big.csv"])
        }
    }
}
