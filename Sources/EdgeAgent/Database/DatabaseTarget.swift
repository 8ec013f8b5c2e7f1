import Shared

/// Which WMS database a source reads or a command sink writes: an SQLite file or a PostgreSQL server.
///
/// Read from the keys of a `sources` item of type `database` or a `commands.sinks` item of type `database`:
///
/// ```yaml
/// driver: sqlite
/// path: /srv/wms/wms.db
/// ```
/// ```yaml
/// driver: postgresql
/// host: db1.internal
/// port: 5432
/// database: wms
/// user: crossdock
/// password: {env: WMS_DB_PASSWORD}     # or {file: /etc/crossdock/wms-db-password}; never written in the file
/// sslmode: prefer                      # libpq sslmode
/// connect_timeout: 5s
/// ```
public enum DatabaseTarget: Sendable {
    /// An SQLite file.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgresql(PostgresConnectionSettings)

    /// The drivers.
    public enum Driver: String, Sendable, CaseIterable {
        /// SQLite, a file on this host.
        case sqlite
        /// PostgreSQL over libpq.
        case postgresql
    }

    /// The database named for logs, without credentials.
    public var displayName: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgresql(let settings): settings.displayName
        }
    }

    /// A connection to the database (not opened yet); SQLite files are opened read-only when `readOnly`.
    public func makeConnection(readOnly: Bool) -> any DatabaseConnection {
        switch self {
        case .sqlite(let path): SQLiteDatabaseConnection(path: path, readOnly: readOnly)
        case .postgresql(let settings): PostgresConnection(settings: settings)
        }
    }

    /// Reads `driver` and the driver's keys, recording every problem; `nil` when unusable.
    public init?(reader: ConfigReader, environment: [String: String]) {
        guard let driverText = reader.requiredString("driver", hint: "sqlite or postgresql") else { return nil }
        guard let driver = Driver(rawValue: driverText) else {
            reader.problem("driver", "expected 'sqlite' or 'postgresql', found \"\(driverText)\"")
            return nil
        }
        switch driver {
        case .sqlite:
            guard let path = reader.requiredString("path", hint: "give the WMS's SQLite file, e.g. /srv/wms/wms.db")
            else { return nil }
            guard path.hasPrefix("/") else {
                reader.problem("path", "\"\(path)\" is not an absolute path")
                return nil
            }
            self = .sqlite(path: path)
        case .postgresql:
            let host = reader.requiredString("host", hint: "give the PostgreSQL server's host name or address")
            let database = reader.requiredString("database", hint: "give the database name")
            let user = reader.requiredString("user", hint: "give the user name the agent logs in as")
            let port = reader.int("port", default: 5432, in: 1...65_535)
            let password = reader.contains("password") ? reader.secret("password", environment: environment) : nil
            let sslMode = reader.string("sslmode", default: "prefer")
            let modes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]
            if !modes.contains(sslMode) {
                reader.problem("sslmode", "expected one of \(modes.joined(separator: ", ")), found \"\(sslMode)\"")
            }
            let timeout = reader.duration("connect_timeout", default: .seconds(5), in: .seconds(2)...(.seconds(300)))
            guard let host, let database, let user else { return nil }
            self = .postgresql(
                PostgresConnectionSettings(
                    host: host, port: port, database: database, user: user, password: password, sslMode: sslMode,
                    connectTimeoutSeconds: Int(timeout.components.seconds)))
        }
    }
}
