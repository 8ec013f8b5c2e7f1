#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `mosquitto.conf` for a crossdock broker, rendered by ``render()``.
///
/// Queue limits are always explicit: mosquitto's default `max_queued_messages` of 1000 makes a slow QoS 1
/// subscriber lose messages beyond it.
public struct BrokerConfiguration: Sendable, Hashable {
    /// TLS settings of the listener.
    public struct TLS: Sendable, Hashable {
        /// CA certificate that client certificates must be signed by.
        public var caFile: String
        /// The broker's certificate.
        public var certificateFile: String
        /// The broker's private key (readable by the user mosquitto runs as).
        public var keyFile: String
        /// Whether clients must present a certificate signed by ``caFile``.
        public var requireCertificate: Bool
        /// Whether the client certificate's common name becomes the user name (what the ACL's `%u` sees).
        public var useIdentityAsUsername: Bool
        /// The certificate revocation list clients are checked against (`crlfile`), or `nil` for none.
        public var crlFile: String?

        /// Creates TLS settings; by default clients must present a certificate whose CN is their user name.
        public init(
            caFile: String, certificateFile: String, keyFile: String, requireCertificate: Bool = true,
            useIdentityAsUsername: Bool = true, crlFile: String? = nil
        ) {
            self.crlFile = crlFile
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.requireCertificate = requireCertificate
            self.useIdentityAsUsername = useIdentityAsUsername
        }

        /// TLS settings from a crossdock authority and the broker certificate it issued, with the authority's
        /// revocation list when it has one.
        public init(authority: CertificateAuthority, server: IssuedCertificate) {
            self.init(
                caFile: authority.certificateFile, certificateFile: server.certificateFile, keyFile: server.keyFile,
                crlFile: access(authority.crlFile, R_OK) == 0 ? authority.crlFile : nil)
        }
    }

    /// Whether the broker keeps sessions and queued messages across restarts.
    public enum Persistence: Sendable, Hashable {
        /// Everything is lost on restart (tests, benchmarks).
        case none
        /// Saved under this directory (which must be writable by the broker's user).
        case directory(String)
    }

    /// Where the broker logs.
    public enum LogDestination: Sendable, Hashable {
        /// Standard error (captured by the process that started the broker).
        case standardError
        /// A file (writable by the broker's user).
        case file(String)
    }

    /// Address the listener binds to; loopback by default.
    public var bindAddress: String
    /// TCP port of the listener.
    public var port: Int
    /// TLS settings, or `nil` for a plain listener (tests only).
    public var tls: TLS?
    /// ACL file (see ``BrokerACL``), or `nil` for none.
    public var aclFile: String?
    /// Whether clients without user name may connect. With `use_identity_as_username` every certificate
    /// holder has one, so this stays `false` for TLS; plain test listeners need `true`.
    public var allowAnonymous: Bool
    /// QoS 1/2 messages queued per client beyond those in flight (`max_queued_messages`).
    public var maxQueuedMessages: Int
    /// QoS 1/2 messages in flight to each client at once (`max_inflight_messages`).
    public var maxInflightMessages: Int
    /// Persistence choice.
    public var persistence: Persistence
    /// Log destination.
    public var log: LogDestination
    /// `log_type` values, e.g. `error`, `warning`, `notice`, `information`, `debug`, `all`.
    public var logTypes: [String]
    /// The `user` option: whom mosquitto started as root runs as (`mosquitto` when `nil`). `root` keeps root,
    /// which throwaway test brokers use so that their files in a private temporary directory stay readable.
    public var user: String?

    /// Creates a configuration with crossdock's defaults.
    public init(
        bindAddress: String = "127.0.0.1", port: Int, tls: TLS? = nil, aclFile: String? = nil,
        allowAnonymous: Bool? = nil, maxQueuedMessages: Int = 100_000, maxInflightMessages: Int = 1000,
        persistence: Persistence = .none, log: LogDestination = .standardError,
        logTypes: [String] = ["error", "warning", "notice", "information"], user: String? = nil
    ) {
        self.bindAddress = bindAddress
        self.port = port
        self.tls = tls
        self.aclFile = aclFile
        self.allowAnonymous = allowAnonymous ?? (tls == nil)
        self.maxQueuedMessages = maxQueuedMessages
        self.maxInflightMessages = maxInflightMessages
        self.persistence = persistence
        self.log = log
        self.logTypes = logTypes
        self.user = user
    }

    /// The `mosquitto.conf` text.
    public func render() -> String {
        var lines = ["# crossdock broker configuration (generated)"]
        if let user { lines.append("user \(user)") }
        lines.append("per_listener_settings false")
        lines.append("allow_anonymous \(allowAnonymous)")
        lines.append("max_queued_messages \(maxQueuedMessages)")
        lines.append("max_inflight_messages \(maxInflightMessages)")
        switch persistence {
        case .none:
            lines.append("persistence false")
        case .directory(let path):
            lines.append("persistence true")
            lines.append("persistence_location \(path.hasSuffix("/") ? path : path + "/")")
        }
        switch log {
        case .standardError: lines.append("log_dest stderr")
        case .file(let path): lines.append("log_dest file \(path)")
        }
        lines.append("log_timestamp_format %Y-%m-%dT%H:%M:%S")
        for type in logTypes { lines.append("log_type \(type)") }
        lines.append("connection_messages true")
        if let aclFile { lines.append("acl_file \(aclFile)") }
        lines.append("")
        lines.append("listener \(port) \(bindAddress)")
        if let tls {
            lines.append("cafile \(tls.caFile)")
            lines.append("certfile \(tls.certificateFile)")
            lines.append("keyfile \(tls.keyFile)")
            lines.append("require_certificate \(tls.requireCertificate)")
            lines.append("use_identity_as_username \(tls.useIdentityAsUsername)")
            if let crlFile = tls.crlFile { lines.append("crlfile \(crlFile)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``render()`` to `path`.
    public func write(to path: String) throws(PKIError) {
        try FileSystem.write(render(), to: path, mode: 0o644)
    }
}
