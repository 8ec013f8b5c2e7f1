import CrossdockTesting
import EdgeAgent
import Shared
import Testing
import WireProtocol

/// Commands inserted as rows into a WMS table, once each, in SQLite and in a real PostgreSQL.
@Suite(.serialized)
struct DatabaseCommandSinkTests {
    static let columns: [(column: String, value: String)] = [
        ("order_number", "orderNumber"), ("ship_to", "parties.0.name"), ("first_sku", "lines.0.item.sku"),
        ("first_quantity", "lines.0.quantity.value"), ("line_count_source", "$source"), ("payload", "$data"),
    ]

    static let tableSQL = """
        CREATE TABLE wms_inbound_orders (event_id TEXT NOT NULL, order_number TEXT NOT NULL, ship_to TEXT,
            first_sku TEXT, first_quantity INTEGER, line_count_source TEXT, payload TEXT)
        """

    @Test func sqliteRowIsInsertedOnceAlsoWhenTheProcessedRecordIsLost() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try SQLiteConnection(path: directory + "/wms.sqlite")
            try wms.execute(Self.tableSQL)
            let sink = DatabaseCommandSink(
                name: "wms-db", table: "wms_inbound_orders", idColumn: "event_id", columns: Self.columns,
                worker: DatabaseWorker(connection: SQLiteDatabaseConnection(path: wms.path, readOnly: false)))
            let events = CapturingEventSink()
            let message = TestCommands.batch(TestCommands.released())
            let processor = try CommandProcessor(
                identity: TestCommands.identity, sinks: [.orderReleased: sink], statePath: directory + "/a.sqlite",
                eventSink: events)
            #expect(
                try await processor.handle(message: message).map(\.target) == [
                    "wms_inbound_orders event_id=release-SO-10042-1"
                ])
            #expect(try await processor.handle(message: message).isEmpty)
            // A processor that lost its processed-commands file (a crash between the insert and the record): the
            // sink finds the row and does not insert a second one.
            let amnesiac = try CommandProcessor(
                identity: TestCommands.identity, sinks: [.orderReleased: sink], statePath: directory + "/b.sqlite",
                eventSink: events)
            #expect(try await amnesiac.handle(message: message).map(\.status) == ["succeeded"])

            let rows = try wms.rows(
                "SELECT event_id, order_number, ship_to, first_sku, first_quantity, payload FROM wms_inbound_orders")
            #expect(rows.count == 1)
            #expect(
                rows[0].values[0...4] == [
                    "release-SO-10042-1", "SO-10042", "Northwind, \"Retail\"", "SKU-1", .integer(12),
                ])
            let payload = try JSONValueDecoder().decode(
                Order.self, from: try JSONValue.parse(try #require(rows[0][5].text)))
            #expect(payload == TestCommands.order)
            // Both outcomes carry the same id: the aggregator keeps one.
            #expect(Set(await events.events.map(\.id)).count == 1)
        }
    }

    @Test func postgresRowIsInsertedOnceAndAnUnreachableServerIsAFailureThatIsRetried() async throws {
        try await TestPostgres.withServer { server in
            try server.psql(
                Self.tableSQL.replacingOccurrences(of: "first_quantity INTEGER", with: "first_quantity numeric"))
            try await withTemporaryDirectory { directory in
                let settings = PostgresConnectionSettings(
                    host: server.host, port: server.port, database: server.database, user: server.user,
                    password: Secret(server.password, origin: "test"), sslMode: "disable", connectTimeoutSeconds: 2)
                let sink = DatabaseCommandSink(
                    name: "wms-pg", table: "public.wms_inbound_orders", idColumn: "event_id", columns: Self.columns,
                    worker: DatabaseWorker(connection: PostgresConnection(settings: settings)))
                let events = CapturingEventSink()
                let processor = try CommandProcessor(
                    identity: TestCommands.identity, sinks: [.orderReleased: sink],
                    statePath: directory + "/commands.sqlite", eventSink: events)
                let first = TestCommands.batch(TestCommands.released())
                #expect(try await processor.handle(message: first).map(\.status) == ["succeeded"])
                #expect(try await processor.handle(message: first).isEmpty)

                try server.stop()
                let second = TestCommands.batch(TestCommands.released(id: "release-SO-10042-2"))
                let failed = try await processor.handle(message: second)
                #expect(failed.map(\.status) == ["failed"])
                #expect(
                    failed.first?.reason?.contains("postgresql://crossdock@127.0.0.1:\(server.port)/postgres") == true)
                #expect(failed.first?.reason?.contains(server.password) == false)
                try server.start()
                #expect(try await processor.handle(message: second).map(\.status) == ["succeeded"])

                let rows = try server.psql(
                    "SELECT event_id, order_number, first_sku, first_quantity FROM wms_inbound_orders "
                        + "ORDER BY event_id")
                #expect(rows == "release-SO-10042-1|SO-10042|SKU-1|12\nrelease-SO-10042-2|SO-10042|SKU-1|12")
                #expect(try await processor.processedCount() == 2)
            }
        }
    }
}
