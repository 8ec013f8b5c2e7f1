import CMosquitto
import FoundationEssentials
import Logging

/// An MQTT client over libmosquitto, for Swift concurrency.
///
/// - MQTT 5 by default (3.1.1 selectable), TLS with a client certificate, user name and password optional.
/// - ``publish(topic:payload:qos:retain:properties:)`` returns when the broker acknowledged the message (QoS 1) and
///   throws an ``MQTTError`` with what happened when the broker refused it (reason code ≥ 0x80), e.g.
///   "not authorised to publish to crossdock/v1/acme/dc1/agent-b/events (reason 135)".
/// - ``MQTTPipelinedPublisher`` keeps many messages in flight for throughput.
/// - ``subscribe(to:qos:)`` returns an ``MQTTSubscription``, an `AsyncSequence` of messages.
/// - Lost connections are re-established with capped, jittered exponential backoff (``MQTTReconnectPolicy``);
///   subscriptions are renewed and unacknowledged QoS 1 messages sent again.
/// - libmosquitto's log lines go to the `Logger`.
///
/// - Important: Call ``shutdown(drainTimeout:)`` when done (or use ``withClient(configuration:logger:_:)``): it
///   disconnects, stops libmosquitto's network thread and frees the client.
public final class MQTTClient: Sendable {
    let core: MQTTClientCore

    /// Creates a client; nothing is sent until ``connect()`` or ``start()``.
    /// - Throws: ``MQTTError`` with code `invalidConfiguration` if a setting is unusable (e.g. a TLS file
    ///   cannot be read).
    public init(configuration: MQTTClientConfiguration, logger: Logger = Logger(label: "crossdock.mqtt")) throws {
        core = try MQTTClientCore(configuration: configuration, logger: logger)
    }

    deinit {
        let core = self.core
        Task { await core.shutdown(drainTimeout: .zero) }
    }

    /// Runs `body` with a client and shuts it down afterwards, whether `body` returns or throws.
    public static func withClient<Result>(
        configuration: MQTTClientConfiguration, logger: Logger = Logger(label: "crossdock.mqtt"),
        _ body: (MQTTClient) async throws -> Result
    ) async throws -> Result {
        let client = try MQTTClient(configuration: configuration, logger: logger)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The client identifier sent to the broker.
    public var clientID: String { core.clientID }

    /// The configuration the client was created with.
    public var configuration: MQTTClientConfiguration { core.configuration }

    /// The protocol version spoken now: the configured one, or 3.1.1 after a fallback.
    public var protocolVersion: MQTTProtocolVersion { core.currentProtocolVersion }

    /// The broker of the current connection (or of the next attempt while disconnected).
    public var endpoint: MQTTEndpoint { core.currentEndpoint }

    /// Where the connection stands now.
    public var connectionState: MQTTConnectionState {
        core.state.withLock { $0.connection }
    }

    /// The connection state now and every change after, until the client shuts down.
    public func connectionStates() -> AsyncStream<MQTTConnectionState> {
        core.connectionStates()
    }

    /// Connects and returns once the broker accepted the connection.
    ///
    /// If this first attempt fails (broker unreachable, TLS refused, CONNACK refusal), it throws and the client
    /// does not retry. Once connected, lost connections are re-established automatically.
    public func connect() async throws {
        core.startSupervisor(firstAttemptMustSucceed: true)
        try await core.waitUntilConnected()
    }

    /// Starts connecting in the background, retrying with backoff until it succeeds, and keeps reconnecting.
    ///
    /// For services that must come up before the broker does. Publishes made meanwhile at QoS 1 are queued
    /// and sent once connected; watch ``connectionStates()`` or await ``waitUntilConnected()``.
    public func start() {
        core.startSupervisor(firstAttemptMustSucceed: false)
    }

    /// Waits until the client is connected (after ``start()`` or ``connect()``).
    public func waitUntilConnected() async throws {
        try await core.waitUntilConnected()
    }

    /// Publishes one message and returns when it is done: acknowledged by the broker (QoS 1/2) or written to the
    /// network (QoS 0).
    ///
    /// While disconnected, a QoS 1 message is queued and sent after the reconnect; this call then returns when
    /// that succeeds. Suspends first while ``MQTTClientConfiguration/maxUnacknowledgedMessages`` are in flight.
    /// A cancelled task stops waiting at once (`CancellationError`); a message already queued may still be sent.
    /// - Throws: ``MQTTError``: `notAuthorized` when the broker's ACL denies the topic, `publishRejected` for other
    ///   reason codes ≥ 0x80, `shutDown` if the client shuts down before the acknowledgement; `CancellationError`.
    public func publish(
        topic: String, payload: some ContiguousBytes, qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
        properties: MQTTMessageProperties = MQTTMessageProperties()
    ) async throws {
        try await core.window.acquire()
        try await MQTTPublishWaiter().wait { completion in
            payload.withUnsafeBytes { bytes in
                core.submit(
                    topic: topic, payload: bytes, qos: qos, retain: retain, properties: properties,
                    completion: completion)
            }
        }
    }

    /// Subscribes to a topic filter and returns the messages once the broker granted the subscription.
    /// - Throws: ``MQTTError``: `notAuthorized`/`subscriptionRejected` if the SUBACK refuses it,
    ///   `invalidConfiguration` for a malformed filter.
    public func subscribe(to topicFilter: String, qos: MQTTQoS = .atLeastOnce) async throws -> MQTTSubscription {
        let (id, buffer) = try await core.subscribe(filter: topicFilter, qos: qos)
        return MQTTSubscription(topicFilter: topicFilter, id: id, buffer: buffer, core: core)
    }

    /// Shuts the client down: waits up to `drainTimeout` for unacknowledged messages, disconnects (the broker
    /// does not publish the last will), stops the network thread and frees libmosquitto's client. Subscriptions
    /// end; operations still waiting fail with `shutDown`. Safe to call more than once.
    public func shutdown(drainTimeout: Duration = .seconds(5)) async {
        await core.shutdown(drainTimeout: drainTimeout)
    }
}
