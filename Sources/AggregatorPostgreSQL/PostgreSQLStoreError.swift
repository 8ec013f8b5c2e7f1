import PostgresNIO

/// A failure of the PostgreSQL store, with the server's own message and what to do.
public struct PostgreSQLStoreError: Error, CustomStringConvertible, Sendable {
    /// What happened and what to do.
    public let description: String

    init(_ description: String) { self.description = description }

    /// The server's SQLSTATE and message (PSQLError hides them from `description`), or the error's own text.
    static func detail(of error: any Error) -> String {
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError {
                return detail(of: inner)
            }
        }
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo {
                let state = info[.sqlState] ?? "?"
                let message = info[.message] ?? "?"
                let detail = info[.detail].map { " (\($0))" } ?? ""
                return "PostgreSQL \(state): \(message)\(detail)"
            }
            return "PostgreSQL client: \(psql.code)"
        }
        if let store = error as? PostgreSQLStoreError { return store.description }
        return "\(error)"
    }

    /// The server's SQLSTATE of `error`, if it came from the server.
    static func sqlState(of error: any Error) -> String? {
        if let transaction = error as? PostgresTransactionError,
            let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError
        {
            return sqlState(of: inner)
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Whether the transaction is worth running again: a deadlock (40P01) or a serialization failure (40001).
    static func isRetryable(_ error: any Error) -> Bool {
        switch sqlState(of: error) {
        case "40P01", "40001": true
        default: false
        }
    }
}
