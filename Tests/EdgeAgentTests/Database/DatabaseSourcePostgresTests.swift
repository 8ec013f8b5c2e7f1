import CrossdockTesting
import EdgeAgent
import Shared
import Testing
import WireProtocol

/// The database source and the libpq connection against a real PostgreSQL 15 started by each test.
@Suite(.serialized)
struct DatabaseSourcePostgresTests {
    static func settings(_ server: TestPostgres, password: String? = nil) -> PostgresConnectionSettings {
        PostgresConnectionSettings(
            host: server.host, port: server.port, database: server.database, user: server.user,
            password: Secret(password ?? server.password, origin: "test"), sslMode: "disable", connectTimeoutSeconds: 2)
    }

    static func createOrders(_ server: TestPostgres) throws {
        try server.psql(
            """
            CREATE TABLE wms_orders (id integer PRIMARY KEY, order_number text NOT NULL, sku text, quantity integer,
                                     updated_at timestamptz NOT NULL)
            """)
    }

    static func insert(_ server: TestPostgres, _ id: Int, _ number: String, at time: String) throws {
        try server.psql(
            "INSERT INTO wms_orders VALUES (\(id), '\(number)', 'SKU-\(id)', \(id), '\(time)')")
    }

    static func source(_ server: TestPostgres, sink: CapturingEventSink) -> DatabaseSource {
        DatabaseSource(
            name: "pg-orders", identity: TestRowMapping.identity, relation: .table("public.wms_orders"),
            worker: DatabaseWorker(connection: PostgresConnection(settings: settings(server))), sink: sink,
            options: .init(
                timestampColumn: "updated_at", keyColumn: "id", lag: .seconds(60),
                interval: .milliseconds(50), batch: 100, maxRetryInterval: .milliseconds(200)),
            mapper: TestRowMapping.mapper)
    }

    @Test func parameterisedQueriesReturnTextAndErrorsNeverShowThePassword() async throws {
        try await TestPostgres.withServer { server in
            let connection = PostgresConnection(settings: Self.settings(server))
            let rows = try connection.query(
                "SELECT $1::int + 1 AS answer, $2::text AS quoted, NULL AS nothing",
                [
                    .integer(41), .text("it's; DROP TABLE x"),
                ])
            #expect(
                rows == [
                    DatabaseRow(
                        columns: ["answer", "quoted", "nothing"],
                        values: [
                            .text("42"), .text("it's; DROP TABLE x"), .null,
                        ])
                ])
            let missing = try #require(throws: DatabaseError.self) { try connection.query("SELECT * FROM nope", []) }
            #expect(missing.code == .statementFailed)
            #expect(missing.description.contains("relation \"nope\" does not exist"))
            #expect(!missing.description.contains(server.password))

            let wrongPassword = "Wrong-Secret-\(server.port)"
            let refused = PostgresConnection(settings: Self.settings(server, password: wrongPassword))
            let error = try #require(throws: DatabaseError.self) { try refused.connect() }
            #expect(error.code == .connectionFailed)
            #expect(error.description.contains("password authentication failed for user \"crossdock\""))
            #expect(error.description.contains("postgresql://crossdock@127.0.0.1:\(server.port)/postgres"))
            #expect(!error.description.contains(wrongPassword))
            #expect(!"\(refused.settings)".contains(wrongPassword))
        }
    }

    @Test func pollsIncrementallyCapturesLateCommitsAndResumesAfterTheServerCameBack() async throws {
        try await TestPostgres.withServer { server in
            try Self.createOrders(server)
            // A server whose default DateStyle prints "27/11/2026 09:00:00 UTC": the source asks for ISO.
            try server.psql("ALTER DATABASE postgres SET DateStyle = 'SQL, DMY'")
            try Self.insert(server, 1, "SO-1", at: "2026-11-27 09:00:00+00")
            try Self.insert(server, 2, "SO-2", at: "2026-11-27 09:01:00.125+00")
            let sink = CapturingEventSink()
            let source = Self.source(server, sink: sink)
            #expect(try await source.poll().events == 2)
            #expect(try await source.poll().events == 0)

            try server.stop()
            let error = try await #require(throws: DatabaseError.self) { try await source.poll() }
            #expect(error.isConnectionProblem)
            #expect(!error.description.contains(server.password))
            #expect(await source.lastError != nil)

            try server.start()
            try Self.insert(server, 3, "SO-LATE", at: "2026-11-27 09:00:30+00")
            try Self.insert(server, 4, "SO-4", at: "2026-11-27 09:02:00+00")
            #expect(try await source.poll().events == 2)
            #expect(try await source.poll().events == 0)
            #expect(await source.lastError == nil)

            // A restarted agent resumes from the cursor committed with the events.
            let restarted = Self.source(server, sink: sink)
            try Self.insert(server, 5, "SO-5", at: "2026-11-27 09:02:00+00")
            #expect(try await restarted.poll().events == 1)
            let events = await sink.events
            #expect(events.map(\.subject) == ["SO-1", "SO-2", "SO-LATE", "SO-4", "SO-5"])
            #expect(Set(events.map(\.id)).count == 5)
            #expect(
                events[1].id
                    == EventIDBuilder.tableRow(
                        table: "public.wms_orders", primaryKey: "2", version: "2026-11-27 09:01:00.125+00"))
            #expect(events[1].time.text == "2026-11-27T09:01:00.125000Z")
        }
    }

    @Test func theRunningSourceKeepsGoingWhileTheDatabaseIsAway() async throws {
        try await TestPostgres.withServer { server in
            try Self.createOrders(server)
            try Self.insert(server, 1, "SO-1", at: "2026-11-27 09:00:00+00")
            let sink = CapturingEventSink()
            let source = Self.source(server, sink: sink)
            let running = Task { try await source.run() }
            defer { running.cancel() }
            try await Self.waitUntil("the first row is captured") { await sink.events.count == 1 }

            try server.stop()
            try await Self.waitUntil("the source reports the database gone") { await source.lastError != nil }
            try server.start()
            try Self.insert(server, 2, "SO-2", at: "2026-11-27 09:03:00+00")
            try await Self.waitUntil("the row written after the restart is captured") { await sink.events.count == 2 }
            #expect(await source.lastError == nil)
            running.cancel()
            try await running.value
            #expect(await sink.subjects == ["SO-1", "SO-2"])
        }
    }

    /// Polls `condition` every 50 ms for at most 20 s.
    static func waitUntil(_ what: String, _ condition: () async -> Bool) async throws {
        for _ in 0..<400 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting until \(what)")
        throw CancellationError()
    }
}
