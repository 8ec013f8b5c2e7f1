/// A connection to a WMS database that a source polls or a command sink writes to: SQLite or PostgreSQL.
///
/// Statements are always parameterised: values never become part of the SQL text. A connection is not
/// `Sendable`; it is owned by one ``DatabaseWorker`` and used on its thread only.
public protocol DatabaseConnection: AnyObject {
    /// The database named for logs and errors, without credentials (`sqlite:/srv/wms.db`,
    /// `postgresql://wms@db1:5432/wms`).
    var displayName: String { get }

    /// The driver's parameter placeholder for the 1-based `index` (`?1` for SQLite, `$1` for PostgreSQL).
    func placeholder(_ index: Int) -> String

    /// Runs `sql` with `parameters` bound and returns every row.
    ///
    /// Reconnects first when the connection was lost. Throws ``DatabaseError``: ``DatabaseError/Code/connectionFailed``
    /// or ``DatabaseError/Code/connectionLost`` when the database is unreachable (try again later),
    /// ``DatabaseError/Code/statementFailed`` when it refused the statement.
    func query(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> [DatabaseRow]

    /// Runs a statement that returns no rows of interest; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> Int
}
