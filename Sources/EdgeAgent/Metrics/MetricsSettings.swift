import Shared

/// The `metrics` section: where `/metrics` and `/healthz` listen.
///
/// ```yaml
/// metrics:
///   listen: 127.0.0.1:9464   # "off" to disable; keep it on loopback or a management network
/// ```
public struct MetricsSettings: Sendable, Hashable {
    /// The IPv4 address to bind, or `nil` when the endpoint is off.
    public var host: String?
    /// The TCP port (0 picks a free one).
    public var port: Int

    /// Creates settings.
    public init(host: String? = "127.0.0.1", port: Int = 9464) {
        self.host = host
        self.port = port
    }

    /// Reads the `metrics` section, recording a problem for an unusable `listen` value.
    public init(reader: ConfigReader) {
        self.init()
        guard let listen = reader.string("listen") else { return }
        if ["off", "false", "no", "disabled"].contains(listen.lowercased()) {
            host = nil
            return
        }
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (0...65_535).contains(port),
            IPv4Address.parse(String(parts[0])) != nil
        else {
            reader.problem(
                "listen", "expected an IPv4 address and port such as 127.0.0.1:9464, or off; found \"\(listen)\"")
            return
        }
        self.host = String(parts[0])
        self.port = port
    }

    /// `host:port`, or `off`.
    public var description: String { host.map { "\($0):\(port)" } ?? "off" }
}

/// Dotted-quad IPv4 parsing, without Foundation.
enum IPv4Address {
    /// The address in network byte order, or `nil` if `text` is not a dotted quad.
    static func parse(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard part.count <= 3, let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value.bigEndian
    }
}
