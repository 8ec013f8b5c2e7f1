import CrossdockTesting
import EdgeAgent
import Foundation
import Shared
import Testing
import WireProtocol

/// `sources` items of type `database` and the `commands` section, as `check-config` reads them.
struct DatabaseConfigurationTests {
    static let base = """
        identity: {tenant: acme, site: dc1, agent: agent-a}
        broker: {tls: {enabled: false}}
        outbox: {path: /var/lib/crossdock/agent/outbox.sqlite}

        """

    static func decode(_ yaml: String, environment: [String: String] = [:]) throws -> AgentConfiguration {
        try ConfigurationDocument.parse(yaml: base + yaml, path: "agent.yaml").decode(AgentConfiguration.init(reader:))
    }

    @Test func databaseSourcesAndCommandSinksAreRead() async throws {
        try await withTemporaryDirectory { directory in
            let passwordFile = directory + "/wms-password"
            try "s3cret-Value\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
            let configuration = try Self.decode(
                """
                sources:
                  - name: wms-orders
                    type: database
                    driver: postgresql
                    host: db1.internal
                    database: wms
                    user: crossdock
                    password: {file: \(passwordFile)}
                    query: SELECT id, changed_at, order_no FROM orders
                    timestamp_column: changed_at
                    key_column: id
                    lag: 45s
                    interval: 2s
                    batch: 250
                    mapping:
                      type: com.crossdock.order.created.v1
                      subject: order_no
                      fields:
                        orderNumber: order_no
                        parties[0].role: {const: ship-to}
                        lines[0].lineNumber: {const: "1"}
                        lines[0].item.sku: {const: SKU}
                        lines[0].quantity.value: {const: "1"}
                        lines[0].quantity.unit: {const: EA}
                  - name: wms-picks
                    type: database
                    driver: sqlite
                    path: /srv/wms/wms.db
                    table: picks
                    timestamp_column: updated_at
                    key_column: pick_id
                    mapping:
                      type: com.crossdock.order.created.v1
                      fields:
                        orderNumber: ref
                        parties[0].role: {const: ship-to}
                        lines[0].lineNumber: {const: "1"}
                        lines[0].item.sku: {const: SKU}
                        lines[0].quantity.value: {const: "1"}
                        lines[0].quantity.unit: {const: EA}
                commands:
                  sinks:
                    - name: wms-inbound
                      command: com.crossdock.order.released.v1
                      type: folder
                      path: /srv/wms/inbound
                      format: x12-940
                      x12: {sender_id: CROSSDOCK, receiver_id: WMSDAL1, control_numbers: /var/lib/crossdock/agent/x12}
                """)
            #expect(configuration.sources.map(\.name) == ["wms-orders", "wms-picks"])
            guard case .database(let orders) = configuration.sources[0],
                case .database(let picks) = configuration.sources[1]
            else {
                Issue.record("expected two database sources")
                return
            }
            guard case .postgresql(let settings) = orders.target else {
                Issue.record("expected PostgreSQL")
                return
            }
            #expect(settings.displayName == "postgresql://crossdock@db1.internal:5432/wms")
            #expect(settings.password?.reveal() == "s3cret-Value")
            #expect(!"\(settings)".contains("s3cret-Value"))
            #expect(orders.relation == .query("SELECT id, changed_at, order_no FROM orders"))
            #expect(orders.options.lag == .seconds(45))
            #expect(orders.options.batch == 250)
            #expect(picks.target.displayName == "sqlite:/srv/wms/wms.db")
            #expect(picks.relation == .table("picks"))
            #expect(picks.options.lag == .seconds(30))
            #expect(configuration.commands.statePath == "/var/lib/crossdock/agent/commands.sqlite")
            #expect(configuration.commands.sinks.map(\.name) == ["wms-inbound"])
        }
    }

    @Test func everyProblemIsReportedWithItsKeyPath() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.decode(
                """
                sources:
                  - name: wms
                    type: database
                    driver: postgresql
                    host: db1
                    user: crossdock
                    password: plain-text-password
                    table: orders
                    query: SELECT 1
                    key_column: id
                    mapping: {type: com.crossdock.order.created.v1, fields: {orderNumber: n}}
                commands:
                  sinks:
                    - {name: a, command: com.crossdock.order.created.v1, type: folder, path: relative/in, format: xml}
                    - {name: b, type: database, driver: sqlite, path: /srv/wms.db, table: t, columns: {x: $nope}}
                """)
        }
        let paths = Set(error.problems.map(\.keyPath))
        for expected in [
            "sources[0].database", "sources[0].password", "sources[0].query", "sources[0].timestamp_column",
            "commands.sinks[0].command", "commands.sinks[0].path", "commands.sinks[0].format",
            "commands.sinks[1].id_column", "commands.sinks[1].columns.x",
        ] {
            #expect(paths.contains(expected), "\(expected) missing in \(error)")
        }
        #expect(error.description.contains("secrets are not written into the file"))
        #expect(!error.description.contains("plain-text-password"))
    }

    @Test func aConfiguredSQLiteSourceMapsRowsWithTheDeclarativeMapping() async throws {
        try await withTemporaryDirectory { directory in
            let wms = try SQLiteConnection(path: directory + "/wms.db")
            try wms.execute(
                """
                CREATE TABLE picks (pick_id INTEGER PRIMARY KEY, ref TEXT, qty INTEGER, updated_at TEXT);
                INSERT INTO picks VALUES (1, 'SO-1', 4, '2026-11-27 09:00:00'), (2, NULL, 1, '2026-11-27 09:00:01');
                """)
            let configuration = try Self.decode(
                """
                sources:
                  - name: wms-picks
                    type: database
                    driver: sqlite
                    path: \(directory)/wms.db
                    table: picks
                    timestamp_column: updated_at
                    key_column: pick_id
                    mapping:
                      type: com.crossdock.order.created.v1
                      subject: ref
                      fields:
                        orderNumber: ref
                        parties[0].role: {const: ship-to}
                        lines[0].lineNumber: {const: "1"}
                        lines[0].item.sku: {const: SKU-1}
                        lines[0].quantity.value: qty
                        lines[0].quantity.unit: {const: EA}
                """)
            guard case .database(let settings) = try #require(configuration.sources.first) else {
                Issue.record("expected a database source")
                return
            }
            let sink = CapturingEventSink()
            let source = settings.makeSource(identity: configuration.identity, sink: sink)
            #expect(try await source.poll() == DatabaseSource.PollOutcome(events: 1, quarantined: 1, hasMore: false))
            let event = try #require(await sink.events.first)
            #expect(event.subject == "SO-1")
            let order = try JSONValueDecoder().decode(Order.self, from: try #require(event.data))
            #expect(order.lines.first?.quantity.value == 4)
            #expect(await sink.quarantined.first?.location == "picks pick_id=2")
        }
    }
}
