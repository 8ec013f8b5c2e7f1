/// An MQTT subscription filter over crossdock topics, such as `crossdock/v1/+/+/+/events`.
///
/// Build one with ``channel(_:tenant:site:agent:)`` (a `nil` part becomes the single-level wildcard `+`), and
/// turn it into an MQTT v5 shared subscription with ``shared(group:)`` so several aggregator instances split
/// the messages between them.
public struct TopicFilter: Sendable, Hashable, CustomStringConvertible {
    /// The filter text.
    public let pattern: String

    /// Every agent's events: `crossdock/v1/+/+/+/events`, what the aggregator subscribes to.
    public static let allEvents = TopicFilter(pattern: "\(Topic.prefix)/+/+/+/events")
    /// Every agent's status: `crossdock/v1/+/+/+/status`.
    public static let allStatus = TopicFilter(pattern: "\(Topic.prefix)/+/+/+/status")

    private init(pattern: String) {
        self.pattern = pattern
    }

    /// A filter for one channel, narrowed to a tenant, site or agent where given.
    ///
    /// A tenant-and-site partition (for brokers without shared subscriptions) is
    /// `channel(.events, tenant: "acme", site: "dal1")`.
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/invalidIdentifier`` for a bad part.
    public static func channel(
        _ channel: Topic.Channel, tenant: String? = nil, site: String? = nil, agent: String? = nil
    )
        throws(WireProtocolError) -> TopicFilter
    {
        var levels = [Topic.prefix]
        var problems: [ValidationProblem] = []
        for (role, value) in [("tenant", tenant), ("site", site), ("agent", agent)] {
            guard let value else {
                levels.append("+")
                continue
            }
            if let problem = AgentIdentity.identifierProblem(value, role: role) {
                problems.append(ValidationProblem(path: JSONPath.root.appending(role), message: problem))
            }
            levels.append(value)
        }
        guard problems.isEmpty else { throw WireProtocolError(code: .invalidIdentifier, problems: problems) }
        levels.append(channel.rawValue)
        return TopicFilter(pattern: levels.joined(separator: "/"))
    }

    /// The MQTT v5 shared-subscription form `$share/{group}/{pattern}`; the group follows the identifier rules.
    public func shared(group: String) throws(WireProtocolError) -> String {
        if let problem = AgentIdentity.identifierProblem(group, role: "shared subscription group") {
            throw WireProtocolError(code: .invalidIdentifier, message: problem)
        }
        return "$share/\(group)/\(pattern)"
    }

    /// Whether a topic name matches the filter, by MQTT rules (`+` one level, `#` the rest).
    public func matches(_ topic: String) -> Bool {
        let filterLevels = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let topicLevels = topic.split(separator: "/", omittingEmptySubsequences: false)
        for (position, level) in filterLevels.enumerated() {
            if level == "#" { return true }
            guard position < topicLevels.count else { return false }
            if level != "+" && level != topicLevels[position] { return false }
        }
        return filterLevels.count == topicLevels.count
    }

    /// Whether a topic matches the filter.
    public func matches(_ topic: Topic) -> Bool { matches(topic.name) }

    /// The filter text.
    public var description: String { pattern }
}
