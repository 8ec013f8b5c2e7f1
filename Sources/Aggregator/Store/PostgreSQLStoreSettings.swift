import Foundation
import Shared

/// Where a PostgreSQL event store is (`store.postgresql`): several aggregator instances share one database.
///
/// ```yaml
/// store:
///   postgresql:
///     host: db.example.internal
///     port: 5432
///     database: crossdock
///     user: crossdock
///     password: {env: CROSSDOCK_DB_PASSWORD}
///     tls: require          # disable | prefer | require
///     connections: 8
/// ```
///
/// The store itself lives in the `AggregatorPostgreSQL` module; this is only its configuration, so `check-config`
/// validates it without a database driver.
public struct PostgreSQLStoreSettings: Sendable {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (loopback or a trusted network only).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection, the server's certificate verified.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The database.
    public var database: String
    /// The role to log in as.
    public var user: String
    /// The role's password (`{env: …}` or `{file: …}`), or `nil` for trust or peer authentication.
    public var password: Secret?
    /// Encryption.
    public var tls: TLSMode
    /// The most connections this instance opens (ingest, job claims and attempts share them).
    public var connections: Int

    /// Creates settings.
    public init(
        host: String, port: Int = 5432, database: String, user: String, password: Secret?, tls: TLSMode = .prefer,
        connections: Int = 8
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.tls = tls
        self.connections = connections
    }

    /// Reads `store.postgresql`, recording every problem; `nil` when the section is absent.
    public static func read(
        _ reader: ConfigReader, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> PostgreSQLStoreSettings? {
        guard reader.isPresent else { return nil }
        let host = reader.requiredString("host", hint: "the PostgreSQL server, e.g. db.example.internal") ?? ""
        let port = reader.int("port", default: 5432, in: 1...65_535)
        let database = reader.requiredString("database", hint: "the database the aggregator instances share") ?? ""
        let user = reader.requiredString("user", hint: "the role the aggregator logs in as") ?? ""
        let password = reader.contains("password") ? reader.secret("password", environment: environment) : nil
        let tls = reader.choice("tls", default: TLSMode.prefer)
        let connections = reader.int("connections", default: 8, in: 2...200)
        return PostgreSQLStoreSettings(
            host: host, port: port, database: database, user: user, password: password, tls: tls,
            connections: connections)
    }

    /// `user@host:port/database`, for logs and `check-config` (never the password).
    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database) (tls \(tls.rawValue))" }
}
