import Shared

/// A WMS's SQLite file, opened read-only for a source or read-write for a command sink.
public final class SQLiteDatabaseConnection: DatabaseConnection {
    /// The database file.
    public let path: String
    private let readOnly: Bool
    private var connection: SQLiteConnection?

    /// Prepares a connection to `path`; the file is opened on first use (and again after a failure).
    public init(path: String, readOnly: Bool) {
        self.path = path
        self.readOnly = readOnly
    }

    public var displayName: String { "sqlite:\(path)" }

    public func placeholder(_ index: Int) -> String { "?\(index)" }

    public func query(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> [DatabaseRow] {
        let connection = try open()
        do {
            let statement = try connection.cachedStatement(sql)
            let columns = statement.columnNames
            return try statement.rows(parameters.map(\.sqliteValue)).map { row in
                DatabaseRow(columns: columns, values: row.values.map(DatabaseValue.init))
            }
        } catch {
            throw failure(error, sql: sql)
        }
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> Int {
        let connection = try open()
        do {
            try connection.run(sql, parameters.map(\.sqliteValue))
            return connection.changes
        } catch {
            throw failure(error, sql: sql)
        }
    }

    private func open() throws(DatabaseError) -> SQLiteConnection {
        if let connection { return connection }
        do {
            let options = SQLiteConnection.Options(durability: .normal, readOnly: readOnly)
            let opened = try SQLiteConnection(path: path, options: options)
            connection = opened
            return opened
        } catch {
            throw DatabaseError(
                code: .connectionFailed, database: displayName,
                message: "cannot open the file: \(error.message); check that it exists and is readable"
                    + (readOnly ? "" : " and writable") + " by the agent's user")
        }
    }

    private func failure(_ error: SQLiteError, sql: String) -> DatabaseError {
        // A file that went away or broke is reopened on the next call.
        if error.code == .cannotOpen || error.code == .ioError || error.code == .corrupt { connection = nil }
        let code: DatabaseError.Code =
            error.code == .busy || error.code == .cannotOpen ? .connectionLost : .statementFailed
        return DatabaseError(
            code: code, database: displayName,
            message: "\(error.message) (SQLite \(error.code)) — in `\(sql.prefix(200))`; \(error.advice)")
    }
}
