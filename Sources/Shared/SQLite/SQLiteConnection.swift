import CSQLite

/// A connection to one SQLite database file, set up for durable, concurrent use: WAL, busy timeout,
/// foreign keys, and a cache of prepared statements.
///
/// A connection is not `Sendable`: own it from one actor (the outbox, the event store) and let that actor
/// batch work into transactions. Other processes (the `status` and `doctor` commands) may open the same
/// file at the same time; WAL lets them read while the owner writes.
public final class SQLiteConnection {
    /// How a connection is opened.
    public struct Options: Sendable {
        /// How hard SQLite works to survive power loss, as `PRAGMA synchronous`.
        public enum Durability: String, Sendable {
            /// Durable across application crashes; a power loss may lose the last transactions (WAL + NORMAL).
            case normal = "NORMAL"
            /// Durable across power loss: every commit is fsync'ed (WAL + FULL).
            case full = "FULL"
        }

        /// `PRAGMA synchronous` for this connection.
        public var durability: Durability
        /// How long a statement waits for another connection's lock before failing with ``SQLiteError/Code/busy``.
        public var busyTimeoutMilliseconds: Int32
        /// Open read-only (for inspection commands); the file must exist.
        public var readOnly: Bool
        /// Pages of cache, as `PRAGMA cache_size` (negative values are KiB).
        public var cacheSize: Int

        /// Creates options; the defaults suit an outbox or an event store.
        public init(
            durability: Durability = .full, busyTimeoutMilliseconds: Int32 = 5_000, readOnly: Bool = false,
            cacheSize: Int = -8_192
        ) {
            self.durability = durability
            self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
            self.readOnly = readOnly
            self.cacheSize = cacheSize
        }
    }

    /// The database file.
    public let path: String
    let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]

    /// Opens (or creates) the database at `path` and applies `options`.
    public init(path: String, options: Options = Options()) throws(SQLiteError) {
        var database: OpaquePointer?
        let flags = options.readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &database, flags, nil)
        guard rc == SQLITE_OK, let database else {
            let message = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(database)
            throw SQLiteError(resultCode: rc, message: message, path: path)
        }
        self.handle = database
        self.path = path
        sqlite3_extended_result_codes(database, 1)
        sqlite3_busy_timeout(database, options.busyTimeoutMilliseconds)
        if !options.readOnly {
            try execute("PRAGMA journal_mode = WAL")
        }
        try execute("""
            PRAGMA synchronous = \(options.durability.rawValue);
            PRAGMA foreign_keys = ON;
            PRAGMA cache_size = \(options.cacheSize);
            """)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters and return no rows of interest.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(resultCode: sqlite3_extended_errcode(handle), message: text, path: path, sql: sql)
        }
    }

    /// Prepares a statement for one-off use.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        try SQLiteStatement(database: handle, sql: sql, path: path)
    }

    /// Returns a prepared statement for `sql`, reusing the one prepared earlier on this connection.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let statement = statementCache[sql] { return statement }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `sql` with `values` bound (through the statement cache).
    public func run(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) {
        try cachedStatement(sql).run(values)
    }

    /// Runs a query with `values` bound and returns every row.
    public func rows(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        try cachedStatement(sql).rows(values)
    }

    /// Runs a query and returns the first column of the first row, or `nil` when there is no row.
    public func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteValue? {
        try rows(sql, values).first?[0]
    }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The size in bytes of the database file's pages in use plus its write-ahead log, for disk quotas.
    public func storageBytes() throws(SQLiteError) -> Int64 {
        let pages = try scalar("PRAGMA page_count")?.integer ?? 0
        let pageSize = try scalar("PRAGMA page_size")?.integer ?? 4_096
        let free = try scalar("PRAGMA freelist_count")?.integer ?? 0
        return (pages - free) * pageSize
    }

    /// Runs `PRAGMA integrity_check` and returns SQLite's findings; an empty array means the file is sound.
    public func integrityCheck(maxErrors: Int = 100) throws(SQLiteError) -> [String] {
        let rows = try prepare("PRAGMA integrity_check(\(maxErrors))").rows()
        let findings = rows.compactMap { $0[0].text }
        return findings == ["ok"] ? [] : findings
    }

    /// Writes the write-ahead log back into the database file and truncates it.
    public func checkpoint() throws(SQLiteError) {
        try execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
