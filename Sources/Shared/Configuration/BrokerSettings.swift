import Foundation

/// How a crossdock program reaches the MQTT broker: address, protocol, TLS identity, keep-alive, reconnects.
public struct BrokerSettings: Sendable, Hashable {
    /// The MQTT protocol version spoken.
    public enum ProtocolVersion: String, Sendable, CaseIterable {
        /// MQTT 5: reason codes, shared subscriptions (the default).
        case mqtt5
        /// MQTT 3.1.1, for clustered brokers that speak nothing newer.
        case mqtt311
        /// MQTT 5, falling back to 3.1.1 for good (logged once) when the broker refuses version 5 or drops the
        /// connection before answering it.
        case auto
    }

    /// TLS files: the CA that signed the broker, and this program's client certificate and key.
    public struct TLSFiles: Sendable, Hashable {
        /// PEM file of the CA that signed the broker's certificate.
        public var caFile: String
        /// PEM client certificate; its identity is the program's MQTT username.
        public var certificateFile: String
        /// PEM private key of the client certificate.
        public var keyFile: String
    }

    /// Broker host name or address (the first of ``endpoints``).
    public var host: String
    /// Broker port (the first of ``endpoints``).
    public var port: Int
    /// Every broker node, in the order they are tried on reconnect: `endpoints` when given, else `host:port`.
    public var endpoints: [MQTTEndpoint]
    /// Protocol version.
    public var protocolVersion: ProtocolVersion
    /// TLS files; `nil` means plain TCP (allowed on loopback only).
    public var tls: TLSFiles?
    /// MQTT keep-alive interval.
    public var keepAlive: Duration
    /// First reconnect delay; doubles (with jitter) up to ``maxReconnectDelay``.
    public var minReconnectDelay: Duration
    /// Cap on the reconnect delay.
    public var maxReconnectDelay: Duration
    /// QoS 1 messages in flight at once.
    public var maxInflight: Int
    /// The MQTT client id; defaults to the program's identity.
    public var clientID: String?

    /// Reads the `broker` section; `defaultPort` is 8883 with TLS, 1883 without.
    public init(reader: ConfigReader) {
        host = reader.string("host", default: "127.0.0.1")
        protocolVersion = reader.choice("protocol", default: .mqtt5)
        keepAlive = reader.duration("keepalive", default: .seconds(30), in: .seconds(5)...(.seconds(3_600)))
        let reconnect = reader.section("reconnect")
        minReconnectDelay = reconnect.duration("min_delay", default: .milliseconds(500), in: .milliseconds(10)...(.seconds(60)))
        maxReconnectDelay = reconnect.duration("max_delay", default: .seconds(30), in: .milliseconds(100)...(.seconds(3_600)))
        if minReconnectDelay > maxReconnectDelay {
            reconnect.problem("min_delay", "must not exceed reconnect.max_delay")
        }
        maxInflight = reader.int("max_inflight", default: 1_000, in: 1...20_000)
        clientID = reader.string("client_id")

        let tlsSection = reader.section("tls")
        if tlsSection.bool("enabled", default: true) {
            let files = ["ca_file", "cert_file", "key_file"].map { key -> String? in
                guard let path = tlsSection.requiredString(key, hint: "give the PEM file's path, or set tls.enabled: false on loopback") else { return nil }
                if !FileManager.default.isReadableFile(atPath: path) {
                    tlsSection.problem(key, "cannot read \(path); check the path and that the service user may read it")
                }
                return path
            }
            tls = files.contains(nil) ? nil : TLSFiles(caFile: files[0]!, certificateFile: files[1]!, keyFile: files[2]!)
        } else {
            tls = nil
        }
        let defaultPort = tlsSection.bool("enabled", default: true) ? 8883 : 1883
        port = reader.int("port", default: defaultPort, in: 1...65_535)
        endpoints = [MQTTEndpoint(host: host, port: port)]
        if reader.contains("endpoints") {
            let listed = Self.readEndpoints(reader, defaultPort: defaultPort)
            if let first = listed.first {
                endpoints = listed
                host = first.host
                port = first.port
            }
        }
        if tls == nil, !tlsSection.bool("enabled", default: true),
            let remote = endpoints.first(where: { !Self.isLoopback($0.host) })
        {
            reader.problem("tls", "plain MQTT is allowed only to a loopback broker; enable TLS for \(remote.host)")
        }
    }

    /// Reads `endpoints: ["host:port", …]` (a bare host takes `defaultPort`), recording every problem.
    private static func readEndpoints(_ reader: ConfigReader, defaultPort: Int) -> [MQTTEndpoint] {
        if reader.contains("host") || reader.contains("port") {
            reader.problem("endpoints", "give either endpoints or host and port, not both; list every node in endpoints")
        }
        let texts = reader.stringList("endpoints")
        if texts.isEmpty {
            reader.problem("endpoints", "empty; list the broker nodes as \"host:port\", e.g. [\"10.0.0.5:8883\"]")
        }
        var endpoints: [MQTTEndpoint] = []
        for (position, text) in texts.enumerated() {
            guard let endpoint = MQTTEndpoint(parsing: text, defaultPort: defaultPort) else {
                reader.problem(
                    "endpoints",
                    "entry \(position + 1) \"\(text)\" is not host:port (port 1…65535; IPv6 as [address]:port)")
                continue
            }
            if endpoints.contains(endpoint) {
                reader.problem("endpoints", "\(endpoint) is listed twice; list each node once")
                continue
            }
            endpoints.append(endpoint)
        }
        return endpoints
    }

    /// The endpoints as `host:port, host:port`, for summaries.
    public var endpointsDescription: String {
        endpoints.map(\.description).joined(separator: ", ")
    }

    /// Whether `host` names this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
