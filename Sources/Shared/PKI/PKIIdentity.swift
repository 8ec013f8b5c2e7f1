/// Who a client certificate belongs to, and the common name (CN) that encodes it.
///
/// The broker runs with `use_identity_as_username true`, so the CN becomes the MQTT user name, and the ACL's
/// `pattern` lines substitute it for `%u`. An agent's CN is `tenant/site/agent` (e.g. `acme/dc1/agent-a`): the
/// substitution is plain text, so `crossdock/v1/%u/events` becomes `crossdock/v1/acme/dc1/agent-a/events`, three
/// topic levels, exactly the agent's subtree. mosquitto 2.0 refuses ACL access to user names that contain `+` or
/// `#` and lets `/` through; the identity parts here cannot contain either wildcard or `/`, so no CN can reach
/// beyond its own subtree. An aggregator's CN has no `/` (`crossdock-aggregator`), so an agent pattern never
/// matches it and it can never be mistaken for an agent.
public enum PKIIdentity: Sendable, Hashable, CustomStringConvertible {
    /// An edge agent: may write its own `events` and `status`, read its own `acks` and `commands`.
    case agent(tenant: String, site: String, agent: String)
    /// An aggregator instance: may read every agent's `events` and `status`, write every agent's `acks` and
    /// `commands`.
    case aggregator(name: String)

    /// The default aggregator identity.
    public static let defaultAggregator = PKIIdentity.aggregator(name: "crossdock-aggregator")

    /// The certificate's common name, which the broker uses as user name.
    public var commonName: String {
        switch self {
        case .agent(let tenant, let site, let agent): return "\(tenant)/\(site)/\(agent)"
        case .aggregator(let name): return name
        }
    }

    /// `agent` or `aggregator`: the certificate's organisational unit.
    public var role: String {
        switch self {
        case .agent: return "agent"
        case .aggregator: return "aggregator"
        }
    }

    /// A file name stem unique to the identity, e.g. `agent-acme.dc1.agent-a`.
    public var fileStem: String {
        switch self {
        case .agent(let tenant, let site, let agent): return "agent-\(tenant).\(site).\(agent)"
        case .aggregator(let name): return "aggregator-\(name)"
        }
    }

    /// `agent acme/dc1/agent-a` or `aggregator crossdock-aggregator`.
    public var description: String { "\(role) \(commonName)" }

    /// Checks every part: 1–64 characters of `A–Z a–z 0–9 . _ -`, not starting with `.` or `-`.
    public func validate() throws(PKIError) {
        switch self {
        case .agent(let tenant, let site, let agent):
            try Self.validate(tenant, as: "tenant")
            try Self.validate(site, as: "site")
            try Self.validate(agent, as: "agent")
        case .aggregator(let name):
            try Self.validate(name, as: "aggregator name")
        }
    }

    private static func validate(_ part: String, as what: String) throws(PKIError) {
        let allowed = part.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == 0x2e || byte == 0x5f || byte == 0x2d
        }
        guard !part.isEmpty, part.utf8.count <= 64, allowed, !part.hasPrefix("."), !part.hasPrefix("-") else {
            throw PKIError(
                .invalidIdentity,
                "\(what) \"\(part)\" is not a valid identity part: use 1–64 characters of A–Z a–z 0–9 . _ - "
                    + "(no /, + or #), not starting with . or -")
        }
    }
}
