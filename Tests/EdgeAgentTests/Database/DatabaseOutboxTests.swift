import CrossdockTesting
import EdgeAgent
import Foundation
import Shared
import Testing
import WireProtocol

/// The database source and the command processor committing into the real outbox.
struct DatabaseOutboxTests {
    static func storedEvents(_ outbox: Outbox) async throws -> [CloudEvent] {
        try await outbox.records(after: 0, limit: 10_000, maxBytes: 64 << 20).map { try CloudEvent(jsonBytes: $0.body) }
    }

    @Test func sourceCursorAndEventsAreCommittedTogetherAndSurviveAReopen() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try SQLiteConnection(path: directory + "/wms.sqlite")
            try wms.execute("""
                CREATE TABLE orders (id INTEGER PRIMARY KEY, order_number TEXT, quantity INTEGER, updated_at TEXT);
                INSERT INTO orders VALUES (1, 'SO-1', 1, '2026-11-27 09:00:00'), (2, 'SO-2', 2, '2026-11-27 09:01:00'),
                                          (3, '', 1, '2026-11-27 09:01:30');
                """)
            func source(_ outbox: Outbox) -> DatabaseSource {
                DatabaseSource(
                    name: "wms-orders", identity: TestRowMapping.identity, relation: .table("orders"),
                    worker: DatabaseWorker(connection: SQLiteDatabaseConnection(path: wms.path, readOnly: true)),
                    sink: outbox, options: .init(timestampColumn: "updated_at", keyColumn: "id", lag: .seconds(60)),
                    mapper: TestRowMapping.mapper)
            }
            do {
                let outbox = try Outbox(path: directory + "/outbox.sqlite", identity: TestRowMapping.identity)
                #expect(try await source(outbox).poll() == .init(events: 2, quarantined: 1, hasMore: false))
                try await outbox.checkpoint()
            }
            try wms.execute("""
                INSERT INTO orders VALUES (4, 'SO-LATE', 1, '2026-11-27 09:00:30'), (5, 'SO-5', 1, '2026-11-27 09:02:00');
                """)
            let reopened = try Outbox(path: directory + "/outbox.sqlite", identity: TestRowMapping.identity)
            let restarted = source(reopened)
            #expect(try await restarted.poll().events == 2)
            #expect(try await restarted.poll().events == 0)
            let events = try await Self.storedEvents(reopened)
            #expect(events.map(\.subject) == ["SO-1", "SO-2", "SO-LATE", "SO-5"])
            #expect(events.map(\.sequence) == [1, 2, 3, 4])
            #expect(events.allSatisfy { $0.source == "/acme/dc1/agent-a/database/wms-orders" })
            #expect(try await reopened.quarantinedCount() == 1)
            let cursor = try #require(try await reopened.cursor(for: "wms-orders"))
            #expect(cursor.position["timestamp"] == "2026-11-27 09:02:00")
        }
    }

    @Test func commandOutcomesAreStoredOnceInTheOutbox() async throws {
        try await withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite", identity: TestCommands.identity)
            let inbound = directory + "/inbound"
            try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
            let processor = try CommandProcessor(
                identity: TestCommands.identity,
                sinks: [.orderReleased: FolderCommandSink(name: "wms", folder: inbound, format: .csv)],
                statePath: directory + "/commands.sqlite", eventSink: outbox)
            let message = TestCommands.batch(TestCommands.released())
            try await processor.handle(message: message)
            try await processor.handle(message: message)
            let events = try await Self.storedEvents(outbox)
            #expect(events.count == 1)
            let outcome = try events[0].payload(as: CommandOutcome.self)
            #expect(outcome.status == "succeeded")
            #expect(outcome.target?.hasPrefix(inbound + "/SO-10042_") == true)
            #expect(events[0].identity == TestCommands.identity)
        }
    }
}
