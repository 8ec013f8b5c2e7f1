import Logging
import ServiceLifecycle
import Shared
import WireProtocol

/// Subscribes to the agent's `crossdock/v1/{tenant}/{site}/{agent}/commands` topic (QoS 1) and hands every message
/// to a ``CommandProcessor``, one at a time, until the service group shuts down.
///
/// The broker's ACL lets only the aggregator publish there. A message that cannot be processed (the outbox is
/// unavailable) is logged; the service keeps listening. A refused subscription is logged and asked for again
/// every second.
public struct CommandService: Service {
    private let client: MQTTClient
    private let topic: Topic
    private let processor: CommandProcessor
    private let logger: Logger

    /// Creates the service; the client is started elsewhere (the status service starts it).
    public init(
        client: MQTTClient, identity: AgentIdentity, processor: CommandProcessor,
        logger: Logger = Logger(label: "crossdock.agent.commands")
    ) {
        self.client = client
        self.topic = Topic(identity: identity, channel: .commands)
        self.processor = processor
        self.logger = logger
    }

    public func run() async throws {
        // A refused subscription (a clustered broker still electing after a node failed answers SUBACK 0x80) is
        // asked for again after a second: the agent keeps running and picks up its commands once it is granted.
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await listen()
                return
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.error(
                    "the command subscription failed; subscribing again in 1s",
                    metadata: ["topic": "\(topic.name)", "error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(1)) }
        }
    }

    /// Subscribes and processes messages until the subscription ends.
    private func listen() async throws {
        // While the broker is away the SUBACK never comes: a shutdown then ends the wait.
        let subscription = try await cancelWhenGracefulShutdown { [client, topic] in
            try await client.subscribe(to: topic.name, qos: .atLeastOnce)
        }
        logger.info("listening for commands", metadata: ["topic": "\(topic.name)"])
        for try await message in subscription.cancelOnGracefulShutdown() {
            do {
                try await processor.handle(message: message.payload)
            } catch {
                logger.error(
                    "a command message could not be processed: \(error)",
                    metadata: [
                        "topic": "\(message.topic)"
                    ])
            }
        }
    }
}
