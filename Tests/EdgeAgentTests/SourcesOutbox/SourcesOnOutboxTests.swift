import CrossdockTesting
import EDI
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

    @Test(arguments: [
        "nodex12_856.edi", "nodex12_850_2.edi", "x12types_940_test_940_2.edi", "staedi_invoice810_po850_dual.edi",
        "staedi_ts214_ellipses_segterm.edi", "x12types_214_parse_214_2.edi",
        "staedi_simple997-multiple-interchanges.edi", "stupidedi_204.edi",
    ])
    func ediEventsAreStoredAsTheTreeBuiltEventEncodes(_ name: String) async throws {
        try await withTemporaryDirectory { dir in
            let path = FolderSourceTests.corpus + "/" + name
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/inbox/" + name))
            let sourceURI = "/acme/dc1/agent-1/folder/edi"
            let outbox = try Outbox(path: dir + "/outbox.sqlite", identity: identity)
            try await FolderSource(
                settings: FolderSourceSettings(name: "edi", inbox: dir + "/inbox", stableFor: .zero),
                sourceURI: sourceURI, sink: outbox, logger: Support.logger
            ).pollOnce()
            let stored = try await outbox.records(after: 0, limit: 1_000_000, maxBytes: Int.max)
            // The same file translated here, each event's data built as a JSON tree and encoded with its envelope.
            let mapped = EDITranslator(file: name).translate(EDIDocument.parse(bytes, file: name)).events
            #expect(!stored.isEmpty)
            #expect(stored.count == mapped.count)
            for (record, event) in zip(stored, mapped) {
                let captured = CapturedEvent(
                    id: event.id, source: sourceURI, type: event.type, subject: event.subject, time: event.time,
                    correlationID: event.correlationID, data: event.data)
                let expected = captured.stamped(identity: identity, sequence: record.sequence).encoded()
                #expect(record.body == expected, "\(name): event \(event.id) is stored with other bytes")
            }
        }
    }
}
