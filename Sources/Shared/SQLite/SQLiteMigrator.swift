/// One schema change, applied once, in order of ``version``.
public struct SQLiteMigration: Sendable {
    /// The schema version this migration brings the database to (1, 2, 3, …).
    public var version: Int
    /// A short name for logs.
    public var name: String
    /// The SQL statements to run.
    public var sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Brings a database's schema up to date, one transaction per migration, tracked in `PRAGMA user_version`.
public struct SQLiteMigrator: Sendable {
    /// A failed migration, naming the version and what to do.
    public struct MigrationError: Error, CustomStringConvertible {
        /// The database is newer than this program.
        public static func tooNew(found: Int, known: Int, path: String) -> MigrationError {
            MigrationError(
                description: "\(path) has schema version \(found) but this program knows only up to \(known): "
                    + "upgrade crossdock, or restore the file a matching version wrote")
        }

        public let description: String
    }

    /// The migrations, in any order; versions must be unique and start at 1.
    public let migrations: [SQLiteMigration]

    /// Creates a migrator for `migrations`.
    public init(_ migrations: [SQLiteMigration]) {
        precondition(Set(migrations.map(\.version)).count == migrations.count, "migration versions must be unique")
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The newest version these migrations reach.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Applies every migration newer than the database's version; returns the versions applied.
    @discardableResult
    public func migrate(_ connection: SQLiteConnection) throws -> [Int] {
        let current = Int(try connection.scalar("PRAGMA user_version")?.integer ?? 0)
        guard current <= latestVersion else {
            throw MigrationError.tooNew(found: current, known: latestVersion, path: connection.path)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            try connection.write { connection throws(SQLiteError) in
                try connection.execute(migration.sql)
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
            applied.append(migration.version)
        }
        return applied
    }
}
