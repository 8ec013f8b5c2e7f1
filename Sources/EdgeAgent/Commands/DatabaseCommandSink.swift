import WireProtocol

/// Inserts each `order.released` command as a row into a WMS database table (SQLite or PostgreSQL).
///
/// Each configured column gets one value: a field of the order (`orderNumber`, `parties.0.name`,
/// `lines.0.item.sku`: member names and list positions joined by dots), or a command attribute: `$id`, `$source`,
/// `$type`, `$subject`, `$time`, `$correlationid`, or `$data` (the order as JSON text). The ``idColumn`` receives the
/// command's `id`; a row with that id already there means the command was carried out, so a redelivered command
/// never inserts a second row. Statements are parameterised.
public struct DatabaseCommandSink: CommandSink {
    public let name: String
    /// The table (a dotted name is schema-qualified).
    public let table: String
    /// The column that receives the command's `id`, checked before inserting.
    public let idColumn: String
    /// The other columns and where their values come from, in order.
    public let columns: [(column: String, value: String)]
    private let worker: DatabaseWorker

    /// Creates a sink inserting into `table` through `worker`.
    public init(
        name: String, table: String, idColumn: String, columns: [(column: String, value: String)],
        worker: DatabaseWorker
    ) {
        self.name = name
        self.table = table
        self.idColumn = idColumn
        self.columns = columns.filter { $0.column != idColumn }
        self.worker = worker
    }

    public func deliver(_ command: CloudEvent) async throws(CommandSinkError) -> String {
        _ = try order(of: command)
        let values = [DatabaseValue.text(command.id)] + columns.map { Self.value($0.value, of: command) }
        let names = [idColumn] + columns.map(\.column)
        let table = self.table
        let idColumn = self.idColumn
        do {
            try await worker.run { connection throws(DatabaseError) in
                let quotedTable = SQLIdentifier.quoted(table)
                let existing = try connection.query(
                    "SELECT 1 FROM \(quotedTable) WHERE \(SQLIdentifier.quoted(idColumn)) = "
                        + "\(connection.placeholder(1)) LIMIT 1", [values[0]])
                guard existing.isEmpty else { return }
                let columnList = names.map(SQLIdentifier.quoted).joined(separator: ", ")
                let placeholders = (1...values.count).map(connection.placeholder).joined(separator: ", ")
                try connection.execute("INSERT INTO \(quotedTable) (\(columnList)) VALUES (\(placeholders))", values)
            }
        } catch {
            throw CommandSinkError(
                code: .writeFailed, sink: name, message: "cannot insert the order into \(table): \(error)")
        }
        return "\(table) \(idColumn)=\(command.id)"
    }

    /// The value of one column for `command`.
    static func value(_ source: String, of command: CloudEvent) -> DatabaseValue {
        switch source {
        case "$id": return .text(command.id)
        case "$source": return .text(command.source)
        case "$type": return .text(command.type.rawValue)
        case "$subject": return command.subject.map(DatabaseValue.text) ?? .null
        case "$time": return .text(command.time.text)
        case "$correlationid": return command.correlationID.map(DatabaseValue.text) ?? .null
        case "$data": return command.data.map { .text($0.encodedString()) } ?? .null
        default:
            var node = command.data ?? .null
            for part in source.split(separator: ".") {
                if let member = node[String(part)] {
                    node = member
                } else if let index = Int(part), let element = node[index] {
                    node = element
                } else {
                    return .null
                }
            }
            switch node {
            case .null: return .null
            case .string(let text): return .text(text)
            case .number(let number): return number.int64Value.map(DatabaseValue.integer) ?? .text(number.text)
            case .bool(let flag): return .text(flag ? "true" : "false")
            case .array, .object: return .text(node.encodedString())
            }
        }
    }

    /// Whether `source` names a command attribute (`$…`); everything else is a path into the order.
    static let attributes: Set<String> = ["$id", "$source", "$type", "$subject", "$time", "$correlationid", "$data"]
}
