import FoundationEssentials
import Synchronization

/// The outcome of one message sent through an ``MQTTPipelinedPublisher``.
public struct MQTTPublishCompletion: Sendable {
    /// The caller's tag for the message (e.g. its outbox sequence number).
    public let tag: UInt64
    /// The topic it was published to.
    public let topic: String
    /// Success once the broker acknowledged it, or the error that ended it.
    public let result: Result<Void, MQTTError>
}

/// Publishes many messages with up to `window` of them unacknowledged at once, for throughput.
///
/// ``publish(topic:payload:qos:retain:properties:tag:)`` returns as soon as the message is handed to the client;
/// it suspends only while `window` messages are unacknowledged. Each message's outcome is reported once to
/// `onCompletion`, which runs on libmosquitto's network thread (or the publishing thread): keep it short and do
/// not block in it. ``waitForCompletion()`` waits until everything published so far has completed.
///
/// One awaited publish at a time costs a full broker round trip per message (~4,000–5,000 msg/s here); a window of
/// a few hundred keeps the connection busy. Much larger windows add CPU without adding throughput: libmosquitto
/// keeps unacknowledged messages in a linked list that it walks on every publish and every acknowledgement.
public final class MQTTPipelinedPublisher: Sendable {
    private let client: MQTTClient
    private let window: MQTTPublishWindow
    private let onCompletion: @Sendable (MQTTPublishCompletion) -> Void

    /// Creates a publisher on `client`.
    /// - Parameters:
    ///   - window: The most messages this publisher keeps unacknowledged (1…60,000).
    ///   - onCompletion: Called once per message with its outcome.
    public init(
        client: MQTTClient, window: Int = 500,
        onCompletion: @escaping @Sendable (MQTTPublishCompletion) -> Void
    ) {
        self.client = client
        let capacity = min(60_000, max(1, window))
        self.window = MQTTPublishWindow(capacity: capacity, resumeBatch: max(1, capacity / 16))
        self.onCompletion = onCompletion
    }

    /// Messages published and not yet completed.
    public var unacknowledgedCount: Int { window.inUse }

    /// Hands a message to the client; suspends only while the window is full.
    /// - Throws: `CancellationError` if the task is cancelled while waiting for room; ``MQTTError`` `shutDown`
    ///   if the client shut down (then `onCompletion` is not called for this message).
    public func publish(
        topic: String, payload: some ContiguousBytes, qos: MQTTQoS = .atLeastOnce, retain: Bool = false,
        properties: MQTTMessageProperties = MQTTMessageProperties(), tag: UInt64 = 0
    ) async throws {
        try await window.acquire()
        do {
            try await client.core.window.acquire()
        } catch {
            window.release()
            throw error
        }
        let window = self.window
        let onCompletion = self.onCompletion
        payload.withUnsafeBytes { bytes in
            client.core.submit(
                topic: topic, payload: bytes, qos: qos, retain: retain, properties: properties,
                completion: .handler { result in
                    onCompletion(MQTTPublishCompletion(tag: tag, topic: topic, result: result))
                    window.release()
                })
        }
    }

    /// Waits until every message published so far has completed (acknowledged or failed).
    public func waitForCompletion() async {
        await window.waitUntilIdle()
    }
}
