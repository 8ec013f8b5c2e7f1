import Foundation
import Logging
import Shared
import WireProtocol

/// The settings of a `database` source: which database, which table or query, how it is polled and mapped.
///
/// ```yaml
/// - name: wms-orders
///   type: database
///   driver: postgresql          # or sqlite with path: /srv/wms/wms.db (opened read-only)
///   host: db1.internal
///   port: 5432
///   database: wms
///   user: crossdock
///   password: {env: WMS_DB_PASSWORD}
///   table: public.orders        # or query: "SELECT o.id, o.changed_at, … FROM orders o JOIN …"
///   timestamp_column: changed_at
///   key_column: id
///   version_column: row_version # optional; the timestamp when absent
///   lag: 30s                    # rows this far behind the high-water mark are read again (late commits)
///   interval: 5s
///   batch: 500
///   mapping: {…}                # see RecordMapping; fields are the result's column names
/// ```
public struct DatabaseSourceSettings: Sendable {
    /// The source's name (unique per agent).
    public var name: String
    /// The database.
    public var target: DatabaseTarget
    /// The table or query.
    public var relation: DatabaseSource.Relation
    /// Columns, lag, interval and batch size.
    public var options: DatabaseSource.Options
    /// How rows become events.
    public var mapping: RecordMapping

    /// Reads one `sources` item of type `database`, recording every problem with its key path. Secrets given as
    /// `{env: …}` are looked up in `environment`.
    public init(
        reader: ConfigReader, name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.name = name
        target = DatabaseTarget(reader: reader, environment: environment) ?? .sqlite(path: "/invalid")
        let table = reader.string("table")
        let query = reader.string("query")
        switch (table, query) {
        case (let table?, nil) where !table.isEmpty: relation = .table(table)
        case (nil, let query?) where !query.isEmpty: relation = .query(query)
        case (nil, nil):
            reader.problem(nil, "give either table (e.g. public.orders) or query (a SELECT) to poll")
            relation = .table("invalid")
        default:
            reader.problem("query", "give either table or query, not both (and neither empty)")
            relation = .table("invalid")
        }
        let timestampColumn = reader.requiredString(
            "timestamp_column", hint: "name the column of each row's last change time, e.g. updated_at")
        let keyColumn = reader.requiredString("key_column", hint: "name the primary key column, e.g. id")
        options = DatabaseSource.Options(
            timestampColumn: timestampColumn ?? "invalid", keyColumn: keyColumn ?? "invalid",
            versionColumn: reader.string("version_column"),
            lag: reader.duration("lag", default: .seconds(30), in: .zero...(.seconds(86_400))),
            interval: reader.duration("interval", default: .seconds(5), in: .milliseconds(10)...(.seconds(86_400))),
            batch: reader.int("batch", default: 500, in: 1...100_000))
        mapping = RecordMapping(reader: reader.section("mapping"))
        if !reader.contains("mapping") {
            reader.problem("mapping", "missing; say which event type the rows become and map their columns")
        }
    }

    /// The source, reading through its own ``DatabaseWorker`` into `sink`.
    public func makeSource(
        identity: AgentIdentity, sink: any EventSink,
        logger: Logger = Logger(label: "crossdock.agent.source.database")
    ) -> DatabaseSource {
        DatabaseSource(
            settings: self, sourceURI: "/\(identity.tenant)/\(identity.site)/\(identity.agent)/database/\(name)",
            sink: sink, logger: logger)
    }
}

extension DatabaseSource {
    /// The source `settings` describe, reading through its own ``DatabaseWorker`` into `sink`.
    public init(settings: DatabaseSourceSettings, sourceURI: String, sink: any EventSink, logger: Logger) {
        self.init(
            name: settings.name, sourceURI: sourceURI, relation: settings.relation,
            worker: DatabaseWorker(
                connection: settings.target.makeConnection(readOnly: true), label: "crossdock.source.\(settings.name)"),
            sink: sink, options: settings.options, logger: logger, mapper: Self.mapper(using: settings.mapping))
    }

    /// A row mapper applying a declarative ``RecordMapping``: the row is a record whose fields are its column
    /// names (integers and reals as numbers, text as strings, NULL as absent).
    public static func mapper(using mapping: RecordMapping) -> RowMapper {
        { row in
            var object = JSONObject()
            for (column, value) in zip(row.columns, row.values) {
                switch value {
                case .null: continue
                case .integer(let number): object[column] = .number(DecimalNumber(number))
                case .real(let number):
                    object[column] = DecimalNumber(number).map(JSONValue.number) ?? .string(String(number))
                case .text(let text): object[column] = .string(text)
                }
            }
            let mapped = try mapping.map(.json(object))
            return MappedRow(
                type: mapped.type, subject: mapped.subject, time: mapped.time, correlationID: mapped.correlationID,
                data: mapped.data)
        }
    }
}
