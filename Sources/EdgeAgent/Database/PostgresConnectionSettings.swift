import Shared

/// Where a PostgreSQL database is and how to log in: host, port, database, user and a password ``Secret``.
public struct PostgresConnectionSettings: Sendable {
    /// Host name or address (or a directory holding the server's Unix socket).
    public var host: String
    /// TCP port.
    public var port: Int
    /// Database name.
    public var database: String
    /// User name.
    public var user: String
    /// The password, from `{env: …}` or `{file: …}`; `nil` when the server needs none.
    public var password: Secret?
    /// libpq `sslmode` (`disable`, `prefer`, `require`, `verify-full`, …).
    public var sslMode: String
    /// How long one connection attempt may take, in whole seconds (at least 2, libpq's minimum).
    public var connectTimeoutSeconds: Int
    /// `application_name`, shown in `pg_stat_activity`.
    public var applicationName: String

    /// Creates settings.
    public init(
        host: String, port: Int = 5432, database: String, user: String, password: Secret? = nil,
        sslMode: String = "prefer", connectTimeoutSeconds: Int = 5, applicationName: String = "crossdock-agent"
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.sslMode = sslMode
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
    }

    /// `postgresql://user@host:port/database`: safe to log, it never contains the password.
    public var displayName: String { "postgresql://\(user)@\(host):\(port)/\(database)" }

    /// libpq's connection keywords and values (the password included: pass them to libpq only).
    var keywordsAndValues: [(String, String)] {
        var pairs = [
            ("host", host), ("port", String(port)), ("dbname", database), ("user", user), ("sslmode", sslMode),
            ("connect_timeout", String(max(2, connectTimeoutSeconds))), ("application_name", applicationName),
            // Never fall back to ~/.pgpass, PGPASSWORD or a service file: the configuration is the only source.
            ("passfile", "/dev/null"), ("client_encoding", "UTF8"),
            // Timestamps in the text form the database source reads, whatever the server's default DateStyle.
            ("options", "-c DateStyle=ISO,YMD"),
        ]
        if let password { pairs.append(("password", password.reveal())) }
        return pairs
    }
}
