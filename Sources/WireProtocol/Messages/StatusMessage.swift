/// An agent's status, on `crossdock/v1/{tenant}/{site}/{agent}/status`: retained, and also the last will.
///
/// The agent publishes `online` status periodically and on connect, and registers an `offline` message with
/// reason `connection-lost` as its last will; on a clean shutdown it publishes `offline` with reason `shutdown`.
public struct StatusMessage: Sendable, Hashable, Codable {
    /// Whether an agent is connected.
    public struct State: OpenCode {
        /// The state's name.
        public let rawValue: String
        /// Creates a state from its name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Connected and forwarding.
        public static let online: State = "online"
        /// Disconnected (cleanly, or as the last will).
        public static let offline: State = "offline"
    }

    /// The format version this build writes.
    public static let currentVersion = 1

    /// The format version.
    public var version: Int
    /// `online` or `offline`.
    public var state: State
    /// When the status was produced.
    public var time: ZonedDateTime
    /// The agent's software version.
    public var agentVersion: String
    /// Events in the outbox not yet acknowledged; absent in a last will (unknown when the link dies).
    public var backlog: UInt64?
    /// Age in seconds of the oldest unacknowledged event; absent when the backlog is empty or unknown.
    public var oldestUnackedAgeSeconds: UInt64?
    /// When the last acknowledgement arrived.
    public var lastAckAt: ZonedDateTime?
    /// Why the agent is offline: `shutdown`, `connection-lost`, or another short reason.
    public var reason: String?

    /// Creates a status.
    public init(
        state: State, time: ZonedDateTime = .now(), agentVersion: String, backlog: UInt64? = nil,
        oldestUnackedAgeSeconds: UInt64? = nil, lastAckAt: ZonedDateTime? = nil, reason: String? = nil
    ) {
        self.version = StatusMessage.currentVersion
        self.state = state
        self.time = time
        self.agentVersion = agentVersion
        self.backlog = backlog
        self.oldestUnackedAgeSeconds = oldestUnackedAgeSeconds
        self.lastAckAt = lastAckAt
        self.reason = reason
    }

    /// The message as UTF-8 JSON, deterministic.
    public func encoded(pretty: Bool = false) -> [UInt8] {
        WireMessage.encode(self, pretty: pretty)
    }

    /// Reads a status.
    ///
    /// - Throws: ``WireProtocolError`` for unreadable bytes, or with code ``WireProtocolError/Code/invalidMessage``
    ///   listing every problem.
    public init(jsonBytes bytes: some Collection<UInt8>) throws(WireProtocolError) {
        self = try WireMessage.decode(StatusMessage.self, from: bytes) { status, problems in
            WireMessage.checkVersion(
                status.version, current: StatusMessage.currentVersion, kind: "status", problems: &problems)
            if status.agentVersion.isEmpty {
                problems.append(
                    ValidationProblem(
                        path: JSONPath.root.appending("agentVersion"), message: "agentVersion must not be empty"))
            }
        }
    }
}
