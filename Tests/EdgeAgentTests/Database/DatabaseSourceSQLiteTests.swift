import CrossdockTesting
import EdgeAgent
import Shared
import Testing
import WireProtocol

/// The database source on a real SQLite file written by a "WMS" connection while the source reads it read-only.
struct DatabaseSourceSQLiteTests {
    /// A WMS database with an `orders` table whose `updated_at` is text `yyyy-MM-dd HH:mm:ss`.
    final class WMS {
        let path: String
        let connection: SQLiteConnection

        init(directory: String) throws {
            path = directory + "/wms.sqlite"
            connection = try SQLiteConnection(path: path)
            try connection.execute(
                """
                CREATE TABLE orders (id INTEGER PRIMARY KEY, order_number TEXT, sku TEXT, quantity INTEGER,
                                     updated_at TEXT NOT NULL)
                """)
        }

        func insert(_ id: Int64, _ number: String, at time: String) throws {
            try connection.run(
                "INSERT INTO orders (id, order_number, sku, quantity, updated_at) VALUES (?1, ?2, 'SKU-1', 3, ?3)",
                [.integer(id), .text(number), .text(time)])
        }

        func source(
            into sink: CapturingEventSink, lag: Duration = .seconds(60), batch: Int = 100,
            relation: DatabaseSource.Relation = .table("orders")
        ) -> DatabaseSource {
            DatabaseSource(
                name: "wms-orders", identity: TestRowMapping.identity, relation: relation,
                worker: DatabaseWorker(connection: SQLiteDatabaseConnection(path: path, readOnly: true)), sink: sink,
                options: .init(
                    timestampColumn: "updated_at", keyColumn: "id", lag: lag, interval: .milliseconds(50),
                    batch: batch),
                mapper: TestRowMapping.mapper)
        }
    }

    @Test func pollsIncrementallyInTimestampOrder() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try WMS(directory: directory)
            let sink = CapturingEventSink()
            let source = wms.source(into: sink)
            try wms.insert(2, "SO-2", at: "2026-11-27 09:00:05")
            try wms.insert(1, "SO-1", at: "2026-11-27 09:00:01")
            let first = try await source.poll()
            #expect(first == DatabaseSource.PollOutcome(events: 2, quarantined: 0, hasMore: false))
            #expect(await sink.subjects == ["SO-1", "SO-2"])

            #expect(try await source.poll().events == 0)
            try wms.insert(3, "SO-3", at: "2026-11-27 09:10:00")
            #expect(try await source.poll().events == 1)
            let events = await sink.events
            #expect(events.map(\.subject) == ["SO-1", "SO-2", "SO-3"])
            #expect(
                events[0].id
                    == EventIDBuilder.tableRow(table: "orders", primaryKey: "1", version: "2026-11-27 09:00:01"))
            #expect(events[0].source == "/acme/dc1/agent-a/database/wms-orders")
            #expect(events[0].type == .orderCreated)
            #expect(events[0].time.text == "2026-11-27T09:00:01Z")
            let order = try JSONValueDecoder().decode(Order.self, from: try #require(events[2].data))
            #expect(order.orderNumber == "SO-3")
            #expect(await sink.appendCount == 2)
        }
    }

    @Test func lateCommitInsideTheLagWindowIsCapturedOnceAndOlderOnesAreNot() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try WMS(directory: directory)
            let sink = CapturingEventSink()
            let source = wms.source(into: sink, lag: .seconds(60))
            try wms.insert(1, "SO-1", at: "2026-11-27 09:00:00")
            try wms.insert(2, "SO-2", at: "2026-11-27 09:01:00")
            try await source.poll()
            // A transaction that started earlier commits now, with a timestamp the high-water mark has passed.
            try wms.insert(3, "SO-LATE", at: "2026-11-27 09:00:30")
            // Beyond the window: the documented limit of the lag window.
            try wms.insert(4, "SO-TOO-LATE", at: "2026-11-27 08:59:00")
            #expect(try await source.poll().events == 1)
            for _ in 0..<3 { #expect(try await source.poll().events == 0) }
            #expect(await sink.subjects == ["SO-1", "SO-2", "SO-LATE"])
            // A change to a row (new timestamp) is a new event with a new id.
            try wms.connection.run("UPDATE orders SET updated_at = '2026-11-27 09:02:00' WHERE id = 1")
            #expect(try await source.poll().events == 1)
            let ids = await sink.events.map(\.id)
            #expect(Set(ids).count == 4)
            #expect(
                ids.last == EventIDBuilder.tableRow(table: "orders", primaryKey: "1", version: "2026-11-27 09:02:00"))
        }
    }

    @Test func restartResumesFromTheCommittedCursorWithoutDuplicates() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try WMS(directory: directory)
            let sink = CapturingEventSink()
            for id in 1...5 { try wms.insert(Int64(id), "SO-\(id)", at: "2026-11-27 09:00:0\(id)") }
            try await wms.source(into: sink).poll()
            try wms.insert(6, "SO-6", at: "2026-11-27 09:00:06")
            try wms.insert(7, "SO-LATE", at: "2026-11-27 09:00:02")
            // A new source object, as after an agent restart: it reads the cursor back from the sink.
            let restarted = wms.source(into: sink)
            #expect(try await restarted.poll().events == 2)
            #expect(try await restarted.poll().events == 0)
            #expect(await sink.subjects == ["SO-1", "SO-2", "SO-3", "SO-4", "SO-5", "SO-LATE", "SO-6"])
            let cursor = try #require(try await sink.cursor(for: "wms-orders"))
            #expect(cursor.position["timestamp"] == "2026-11-27 09:00:06")
            #expect(cursor.position["key"] == "6")
        }
    }

    @Test(arguments: [1, 7, 100])
    func manyRowsWithTheSameTimestampArePagedExactlyOnce(batch: Int) async throws {
        try await withTemporaryDirectory { directory in
            let wms = try WMS(directory: directory)
            try wms.connection.write { connection throws(SQLiteError) in
                for id in 1...60 {
                    try connection.run(
                        "INSERT INTO orders (id, order_number, updated_at) VALUES (?1, ?2, '2026-11-27 09:00:00')",
                        [.integer(Int64(id)), .text("SO-\(id)")])
                }
            }
            let sink = CapturingEventSink()
            let source = wms.source(into: sink, lag: .zero, batch: batch)
            var polls = 0
            while try await source.poll().hasMore, polls < 200 { polls += 1 }
            #expect(try await source.poll().events == 0)
            let subjects = await sink.subjects
            #expect(subjects.count == 60)
            #expect(Set(subjects).count == 60)
        }
    }

    @Test func queryWithUnixTimestampsAndQuarantinedRows() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try WMS(directory: directory)
            try wms.connection.execute(
                """
                CREATE TABLE picks (pick_id TEXT PRIMARY KEY, ref TEXT, changed INTEGER NOT NULL);
                INSERT INTO picks VALUES ('P1', 'SO-1', 1764234000), ('P2', '', 1764234001), ('P3', 'SO-3', 1764234002);
                """)
            let sink = CapturingEventSink()
            let source = wms.source(
                into: sink,
                relation: .query("SELECT pick_id AS id, ref AS order_number, changed AS updated_at FROM picks;"))
            let outcome = try await source.poll()
            #expect(outcome == DatabaseSource.PollOutcome(events: 2, quarantined: 1, hasMore: false))
            let quarantined = try #require(await sink.quarantined.first)
            #expect(quarantined.location == "wms-orders id=P2")
            #expect(quarantined.reason.contains("order_number is empty"))
            #expect(
                await sink.events.first?.id
                    == EventIDBuilder.tableRow(
                        table: "wms-orders", primaryKey: "P1", version: "1764234000"))
            try wms.connection.run("INSERT INTO picks VALUES ('P4', 'SO-4', 1764233990)")
            #expect(try await source.poll().events == 1)
            #expect(try await source.poll().events == 0)
        }
    }

    @Test func aMissingFileOrColumnIsAClearError() async throws {
        try await withTemporaryDirectory { directory in
            let sink = CapturingEventSink()
            let missing = DatabaseSource(
                name: "wms", identity: TestRowMapping.identity, relation: .table("orders"),
                worker: DatabaseWorker(
                    connection: SQLiteDatabaseConnection(path: directory + "/wms.sqlite", readOnly: true)),
                sink: sink, options: .init(timestampColumn: "changed_at", keyColumn: "id"),
                mapper: TestRowMapping.mapper)
            let error = try await #require(throws: DatabaseError.self) { try await missing.poll() }
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("sqlite:\(directory)/wms.sqlite"))

            let wms = try WMS(directory: directory)
            try wms.insert(1, "SO-1", at: "2026-11-27 09:00:00")
            let wrongColumn = try await #require(throws: DatabaseError.self) { try await missing.poll() }
            #expect(wrongColumn.description.contains("changed_at"))
            #expect(await missing.lastError != nil)
            #expect(await sink.events.isEmpty)
        }
    }
}
