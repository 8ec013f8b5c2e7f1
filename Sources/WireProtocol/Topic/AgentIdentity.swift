/// Who an agent is: the tenant, the site and the agent's name, the three parts of its topic subtree.
///
/// Each part is an identifier of 1–64 ASCII characters from `A–Z a–z 0–9 - _ .`, starting with a letter or a
/// digit. That excludes the MQTT wildcards `+` and `#`, the level separator `/`, NUL, spaces and the `$`
/// prefix brokers reserve, so an identity always forms a valid, wildcard-free topic.
public struct AgentIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The longest identifier accepted, in characters.
    public static let maxIdentifierLength = 64

    /// The customer the agent works for.
    public let tenant: String
    /// The warehouse or host site.
    public let site: String
    /// The agent's name within the site.
    public let agent: String

    /// Creates an identity.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/invalidIdentifier`` naming every
    ///   invalid part.
    public init(tenant: String, site: String, agent: String) throws(WireProtocolError) {
        let problems = [("tenant", tenant), ("site", site), ("agent", agent)].compactMap { role, value in
            AgentIdentity.identifierProblem(value, role: role).map {
                ValidationProblem(path: JSONPath.root.appending(role), message: $0)
            }
        }
        guard problems.isEmpty else { throw WireProtocolError(code: .invalidIdentifier, problems: problems) }
        self.tenant = tenant
        self.site = site
        self.agent = agent
    }

    /// Creates an identity from parts already checked.
    init(unchecked tenant: String, _ site: String, _ agent: String) {
        self.tenant = tenant
        self.site = site
        self.agent = agent
    }

    /// `tenant/site/agent`.
    public var description: String { "\(tenant)/\(site)/\(agent)" }

    /// Why `value` is not a valid identifier, or `nil` if it is.
    ///
    /// - Parameter role: What the identifier names ("tenant", "site", "agent", "group"), used in the message.
    public static func identifierProblem(_ value: String, role: String) -> String? {
        if value.isEmpty { return "\(role) must not be empty" }
        let utf8 = value.utf8
        if utf8.count > maxIdentifierLength {
            return "\(role) is \(utf8.count) bytes long, above the limit of \(maxIdentifierLength)"
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                continue
            case UInt8(ascii: "+"), UInt8(ascii: "#"):
                return "\(role) \"\(value.prefix(64))\" contains the MQTT wildcard '\(Character(Unicode.Scalar(byte)))'"
            case UInt8(ascii: "/"):
                return "\(role) \"\(value.prefix(64))\" contains the topic level separator '/'"
            case 0:
                return "\(role) contains a NUL character"
            default:
                let shown =
                    (0x21...0x7E).contains(byte)
                    ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16, uppercase: true))"
                return "\(role) \"\(value.prefix(64))\" contains \(shown); use only A-Z a-z 0-9 - _ ."
            }
        }
        guard let first = utf8.first,
            (0x30...0x39).contains(first) || (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first)
        else { return "\(role) \"\(value.prefix(64))\" must start with a letter or a digit" }
        return nil
    }

    /// Checks that this identity matches the one a topic carries (an event's `tenant`/`site`/`agent` against the
    /// topic it arrived on); returns a problem per differing part.
    public func mismatches(with other: AgentIdentity, at path: JSONPath = .root) -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        for (role, mine, theirs) in [
            ("tenant", tenant, other.tenant), ("site", site, other.site), ("agent", agent, other.agent),
        ]
        where mine != theirs {
            problems.append(
                ValidationProblem(
                    path: path.appending(role),
                    message:
                        "\(role) \"\(mine)\" does not match the topic's \(role) \"\(theirs)\"; "
                        + "an agent may only publish for its own identity"
                ))
        }
        return problems
    }

    /// Reads an identity and checks each part.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let tenant = try container.decode(String.self, forKey: .tenant)
        let site = try container.decode(String.self, forKey: .site)
        let agent = try container.decode(String.self, forKey: .agent)
        do {
            try self.init(tenant: tenant, site: site, agent: agent)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: container.codingPath, debugDescription: "\(error)"))
        }
    }

    private enum CodingKeys: String, CodingKey { case tenant, site, agent }
}
