import Foundation
import Logging
import ServiceLifecycle
import Shared
import WireProtocol

/// Keeps every agent's last status in the store: subscribes to the retained `crossdock/v1/+/+/+/status` topics
/// and records online/offline, version, backlog, oldest unacknowledged age and when it was seen.
///
/// Retained messages arrive on subscribing, so a restarted aggregator knows every agent's state at once; the
/// `offline` last will arrives when an agent's link dies. An unreadable status is logged and skipped.
public final class AgentStatusService: Service {
    private let client: MQTTClient
    private let store: any AdminStore
    private let logger: Logger
    private let subscribed = ReadySignal()

    /// Creates the service; it subscribes when run, on `client` (started by the caller).
    public init(
        client: MQTTClient, store: any AdminStore, logger: Logger = Logger(label: "crossdock.aggregator.agents")
    ) {
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// Returns once the broker granted the subscription.
    public func waitUntilSubscribed() async {
        await subscribed.wait()
    }

    public func run() async throws {
        let subscription: MQTTSubscription
        do {
            subscription = try await cancelWhenGracefulShutdown { [client] in
                try await client.waitUntilConnected()
                return try await client.subscribe(to: TopicFilter.allStatus.pattern, qos: .atLeastOnce)
            }
        } catch is CancellationError {
            return
        }
        logger.info("agent status: subscribed to \(TopicFilter.allStatus.pattern)")
        subscribed.signal()
        await cancelWhenGracefulShutdown {
            do {
                for try await message in subscription { await self.record(message) }
            } catch {
                self.logger.warning("agent status: the subscription ended: \(error)")
            }
        }
        subscription.cancel()
    }

    private func record(_ message: MQTTMessage) async {
        guard !message.payload.isEmpty else { return }  // a cleared retained status
        do {
            let topic = try Topic(parsing: message.topic)
            let status = try StatusMessage(jsonBytes: message.payload)
            try await store.recordAgentStatus(
                topic.identity,
                status: AgentStatusRecord(
                    state: status.state.rawValue, version: status.agentVersion,
                    backlog: status.backlog.map { Int64(clamping: $0) },
                    oldestUnackedAgeSeconds: status.oldestUnackedAgeSeconds.map { Int64(clamping: $0) },
                    reason: status.reason, time: status.time.text,
                    receivedAtMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())))
        } catch {
            logger.warning("agent status on \(message.topic.prefix(200)) not recorded: \(error)")
        }
    }
}
