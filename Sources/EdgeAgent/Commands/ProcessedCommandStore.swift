import Shared
import WireProtocol

/// The commands the agent has carried out (or rejected for good), in its own SQLite file, so that a command the
/// broker delivers again is not carried out twice.
///
/// Keyed by the command's `source` + `id`. A command whose sink failed is not recorded: when it is sent again, it
/// is tried again.
final class ProcessedCommandStore {
    private let connection: SQLiteConnection

    static let migrator = SQLiteMigrator([
        SQLiteMigration(
            version: 1, name: "processed commands",
            sql: """
                CREATE TABLE processed_commands (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    sink TEXT,
                    target TEXT,
                    reason TEXT,
                    processed_at TEXT NOT NULL,
                    PRIMARY KEY (source, id)
                ) WITHOUT ROWID;
                """)
    ])

    /// Opens (or creates) the store at `path` and brings its schema up to date.
    init(path: String) throws {
        connection = try SQLiteConnection(path: path)
        try Self.migrator.migrate(connection)
    }

    /// The recorded outcome of the command `source` + `id`, or `nil` if it was never carried out.
    func outcome(source: String, id: String) throws(SQLiteError) -> CommandOutcome? {
        let rows = try connection.rows(
            "SELECT type, status, sink, target, reason FROM processed_commands WHERE source = ?1 AND id = ?2",
            [.text(source), .text(id)])
        guard let row = rows.first else { return nil }
        return CommandOutcome(
            commandId: id, commandSource: source, commandType: row[0].text ?? "", status: row[1].text ?? "",
            sink: row[2].text, target: row[3].text, reason: row[4].text)
    }

    /// Records a final outcome (`succeeded` or `rejected`).
    func record(_ outcome: CommandOutcome, at time: ZonedDateTime) throws(SQLiteError) {
        try connection.run(
            """
            INSERT OR REPLACE INTO processed_commands (source, id, type, status, sink, target, reason, processed_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """,
            [
                .text(outcome.commandSource), .text(outcome.commandId), .text(outcome.commandType),
                .text(outcome.status), outcome.sink.map(SQLiteValue.text) ?? .null,
                outcome.target.map(SQLiteValue.text) ?? .null, outcome.reason.map(SQLiteValue.text) ?? .null,
                .text(time.text),
            ])
    }

    /// How many commands are recorded.
    func count() throws(SQLiteError) -> Int {
        Int(try connection.scalar("SELECT count(*) FROM processed_commands")?.integer ?? 0)
    }
}
