import Logging
import ServiceLifecycle
import Shared
import WireProtocol

/// Keeps the agent's retained `…/status` current: `online` on every (re)connect and periodically, `offline`
/// with reason `shutdown` on a graceful stop, and `offline` with reason `connection-lost` as the last will.
public struct AgentStatusService: Service {
    /// Supplies the figures a status carries (backlog, oldest unacked age, last ack) at the time of publishing.
    public typealias Snapshot = @Sendable () async -> StatusFigures

    /// The figures of one status message.
    public struct StatusFigures: Sendable {
        /// Events not yet acknowledged.
        public var backlog: UInt64?
        /// Age in seconds of the oldest unacknowledged event.
        public var oldestUnackedAgeSeconds: UInt64?
        /// When the last acknowledgement arrived.
        public var lastAckAt: ZonedDateTime?

        /// Creates figures.
        public init(backlog: UInt64? = nil, oldestUnackedAgeSeconds: UInt64? = nil, lastAckAt: ZonedDateTime? = nil) {
            self.backlog = backlog
            self.oldestUnackedAgeSeconds = oldestUnackedAgeSeconds
            self.lastAckAt = lastAckAt
        }
    }

    private let client: MQTTClient
    private let topic: Topic
    private let interval: Duration
    private let snapshot: Snapshot
    private let logger: Logger

    /// Creates the service; `client` must have been configured with ``lastWill(for:)``.
    public init(
        client: MQTTClient, identity: AgentIdentity, interval: Duration = .seconds(30),
        logger: Logger = Logger(label: "crossdock.agent.status"), snapshot: @escaping Snapshot = { StatusFigures() }
    ) {
        self.client = client
        self.topic = Topic(identity: identity, channel: .status)
        self.interval = interval
        self.snapshot = snapshot
        self.logger = logger
    }

    /// The last will to configure on the agent's MQTT client: retained `offline` with reason `connection-lost`.
    public static func lastWill(for identity: AgentIdentity) -> MQTTLastWill {
        let status = StatusMessage(state: .offline, agentVersion: CrossdockVersion.current, reason: "connection-lost")
        return MQTTLastWill(topic: Topic(identity: identity, channel: .status).name, payload: status.encoded(), qos: .atLeastOnce, retain: true)
    }

    public func run() async throws {
        client.start()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await state in client.connectionStates().cancelOnGracefulShutdown() {
                    logger.info("broker connection \(state)")
                    if state == .connected { await publishOnline() }
                }
            }
            group.addTask {
                while (try? await Task.sleep(for: interval)) != nil, !Task.isShuttingDownGracefully {
                    await publishOnline()
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        let offline = StatusMessage(state: .offline, agentVersion: CrossdockVersion.current, reason: "shutdown")
        do {
            try await withTimeout(.seconds(3)) {
                try await client.publish(topic: topic.name, payload: offline.encoded(), qos: .atLeastOnce, retain: true)
            }
            logger.info("published offline status", metadata: ["topic": "\(topic.name)"])
        } catch {
            logger.warning("could not publish offline status; the broker will publish the last will", metadata: ["error": "\(error)"])
        }
    }

    private func publishOnline() async {
        let figures = await snapshot()
        let status = StatusMessage(
            state: .online, agentVersion: CrossdockVersion.current, backlog: figures.backlog,
            oldestUnackedAgeSeconds: figures.oldestUnackedAgeSeconds, lastAckAt: figures.lastAckAt)
        do {
            try await client.publish(topic: topic.name, payload: status.encoded(), qos: .atLeastOnce, retain: true)
        } catch {
            logger.warning("could not publish status", metadata: ["topic": "\(topic.name)", "error": "\(error)"])
        }
    }
}
