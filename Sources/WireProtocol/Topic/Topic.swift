/// An agent's MQTT topic: `crossdock/v1/{tenant}/{site}/{agent}/{channel}`.
public struct Topic: Sendable, Hashable, CustomStringConvertible {
    /// The last level of a topic: what flows on it.
    public enum Channel: String, Sendable, Hashable, CaseIterable {
        /// Agent → aggregator: batches of events (`application/cloudevents-batch+json`), QoS 1.
        case events
        /// Aggregator → agent: ``AckMessage``s, QoS 1.
        case acks
        /// Aggregator → agent: CloudEvents the agent must act on, QoS 1.
        case commands
        /// Agent → all: ``StatusMessage``, QoS 1, retained, also the last will.
        case status

        /// The media type of the channel's payloads, for the MQTT v5 content type property:
        /// `application/cloudevents-batch+json` for events and commands, `application/json` for acks and status.
        public var contentType: String {
            switch self {
            case .events, .commands: return CloudEventBatch.contentType
            case .acks, .status: return "application/json"
            }
        }

        /// Whether messages on the channel are published retained (only status).
        public var isRetained: Bool { self == .status }
    }

    /// The first two levels of every crossdock topic.
    public static let prefix = "crossdock/v1"

    /// Whose topic it is.
    public let identity: AgentIdentity
    /// What flows on it.
    public let channel: Channel

    /// Creates a topic.
    public init(identity: AgentIdentity, channel: Channel) {
        self.identity = identity
        self.channel = channel
    }

    /// The topic name.
    public var name: String {
        "\(Topic.prefix)/\(identity.tenant)/\(identity.site)/\(identity.agent)/\(channel.rawValue)"
    }

    /// The topic name.
    public var description: String { name }

    /// Reads a topic name back.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/invalidTopic`` saying which level is
    ///   wrong.
    public init(parsing name: String) throws(WireProtocolError) {
        let levels = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        func fail(_ message: String) -> WireProtocolError {
            WireProtocolError(code: .invalidTopic, message: "topic \"\(name.prefix(200))\": \(message)")
        }
        guard levels.count == 6 else {
            throw fail("expected 6 levels crossdock/v1/{tenant}/{site}/{agent}/{channel}, found \(levels.count)")
        }
        guard levels[0] == "crossdock" else { throw fail("first level must be \"crossdock\", found \"\(levels[0])\"") }
        guard levels[1] == "v1" else {
            throw fail("unsupported protocol version level \"\(levels[1])\"; this build speaks v1")
        }
        var problems: [String] = []
        for (role, value) in zip(["tenant", "site", "agent"], levels[2...4]) {
            if let problem = AgentIdentity.identifierProblem(value, role: role) { problems.append(problem) }
        }
        guard let channel = Channel(rawValue: levels[5]) else {
            problems.append("unknown channel \"\(levels[5].prefix(64))\"; expected events, acks, commands or status")
            throw fail(problems.joined(separator: "; "))
        }
        guard problems.isEmpty else { throw fail(problems.joined(separator: "; ")) }
        self.init(identity: AgentIdentity(unchecked: levels[2], levels[3], levels[4]), channel: channel)
    }
}

extension AgentIdentity {
    /// This agent's topic for `channel`.
    public func topic(_ channel: Topic.Channel) -> Topic {
        Topic(identity: self, channel: channel)
    }
}
