import Foundation
import Shared
import WireProtocol

/// The `http` and `api_keys` sections: where the HTTP API listens and who may use it.
///
/// ```yaml
/// http:
///   listen: 127.0.0.1:8480       # host:port ([::1]:8480 for IPv6); port 0 picks a free port (logged)
///   max_body: 4MiB               # larger request bodies get 413
/// api_keys:
///   - name: shop
///     tenant: acme               # or partner_wide: true
///     role: ingest               # admin | operator | viewer | customer | ingest
///     origin: ecommerce          # erp | wms | tms | portal | ecommerce | carrier | edi
///     key_sha256: 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
///   - name: portal-c100
///     tenant: acme
///     role: customer
///     customer: C-100            # the customer's party identifier
///     key: {env: PORTAL_C100_KEY}   # or {file: /etc/crossdock/keys/portal}; hashed when read
/// ```
///
/// Without an `http` section the API is off. Keys are never written into the file in clear: give the SHA-256 (hex)
/// of the key, or the key through an environment variable or a file.
public struct HTTPSettings: Sendable {
    /// The host to bind, or `nil` when the API is off.
    public var host: String?
    /// The port to bind; 0 picks a free one.
    public var port: Int
    /// The largest request body accepted.
    public var maxBodyBytes: Int
    /// The API keys.
    public var keys: APIKeyring

    /// The default `http.listen`.
    public static let defaultListen = "127.0.0.1:8480"

    /// Creates settings (the API is off unless `host` is set).
    public init(host: String? = nil, port: Int = 8480, maxBodyBytes: Int = 4 << 20, keys: [APIKey] = []) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.keys = APIKeyring(keys)
    }

    /// Reads `http` and `api_keys` from the top of the configuration.
    public init(reader: ConfigReader, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init()
        let http = reader.section("http")
        if http.isPresent {
            let listen = http.string("listen", default: Self.defaultListen)
            if let (host, port) = Self.parseListen(listen) {
                self.host = host
                self.port = port
            } else {
                http.problem("listen", "expected host:port such as 127.0.0.1:8480 or [::1]:8480, found \"\(listen)\"")
            }
            maxBodyBytes = Int(http.byteCount("max_body", default: Int64(maxBodyBytes), in: 1024...(256 << 20)))
        }
        var keys: [APIKey] = []
        var names = Set<String>()
        for entry in reader.list("api_keys") {
            guard let key = Self.readKey(entry, environment: environment) else { continue }
            if !names.insert(key.name).inserted { entry.problem("name", "another key is named \"\(key.name)\"") }
            if keys.contains(where: { $0.sha256 == key.sha256 }) {
                entry.problem(nil, "the same key as another entry; give every user its own key")
            }
            keys.append(key)
        }
        if !keys.isEmpty && host == nil {
            reader.problem("api_keys", "keys are configured but the HTTP API is off; add http: {listen: \(Self.defaultListen)}")
        }
        self.keys = APIKeyring(keys)
    }

    private static func readKey(_ entry: ConfigReader, environment: [String: String]) -> APIKey? {
        let name = entry.requiredString("name", hint: "name the key (shown in logs, never the key itself)")
        let role: APIRole = entry.choice("role", default: .viewer)
        if !entry.contains("role") { entry.problem("role", "missing; one of admin, operator, viewer, customer, ingest") }
        let partnerWide = entry.bool("partner_wide", default: false)
        var scope: APIKey.Scope?
        if let tenant = entry.string("tenant") {
            if partnerWide { entry.problem("partner_wide", "a key is either for one tenant or partner-wide, not both") }
            if let problem = AgentIdentity.identifierProblem(tenant, role: "tenant") { entry.problem("tenant", problem) }
            scope = .tenant(tenant)
        } else if partnerWide {
            scope = .partner
        } else {
            entry.problem("tenant", "missing; give the key's tenant, or partner_wide: true for every tenant")
        }
        var origin: SystemOfRecordOrigin?
        if let text = entry.string("origin") {
            origin = SystemOfRecordOrigin(rawValue: text)
            if origin == nil { entry.problem("origin", "unknown origin \"\(text)\"; \(SystemOfRecordRules.originHint)") }
        } else if role == .ingest {
            entry.problem("origin", "missing; an ingest key pushes events for one system: \(SystemOfRecordRules.originHint)")
        }
        let customer = entry.string("customer")
        if role == .customer && (customer ?? "").isEmpty {
            entry.problem("customer", "missing; a customer key sees one customer's orders: give its party identifier")
        }
        if role != .customer && customer != nil {
            entry.problem("customer", "only customer keys are limited to one customer; remove it or set role: customer")
        }
        var digest: [UInt8]?
        if let hex = entry.string("key_sha256") {
            digest = SHA256Digest.digest(hex: hex)
            if digest == nil { entry.problem("key_sha256", "expected 64 hex digits (sha256sum of the key)") }
            if entry.contains("key") { entry.problem("key", "give key_sha256 or key, not both") }
        } else if let secret = entry.secret("key", environment: environment) {
            let value = secret.reveal()
            if value.utf8.count < 16 {
                entry.problem("key", "the key from \(secret.origin) is shorter than 16 characters; use a random key")
            }
            digest = SHA256Digest.hash(value.utf8)
        } else if !entry.contains("key") {
            entry.problem("key_sha256", "missing; give key_sha256 (hex SHA-256 of the key) or key: {env:|file:}")
        }
        guard let name, let scope, let digest else { return nil }
        return APIKey(
            name: name, scope: scope, role: role, origin: origin, customer: customer, sha256: digest)
    }

    /// `host:port` or `[v6]:port` split, or `nil`.
    static func parseListen(_ text: String) -> (String, Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        return (host, port)
    }

    /// The listen address for summaries: `127.0.0.1:8480` or `off`.
    public var listenDescription: String {
        guard let host else { return "off" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
