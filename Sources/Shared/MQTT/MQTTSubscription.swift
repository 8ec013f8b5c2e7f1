/// The messages of one subscription, as an `AsyncSequence`.
///
/// Created by ``MQTTClient/subscribe(to:qos:)`` after the broker granted it. The client subscribes again after
/// every reconnect. The sequence ends (returns `nil`) when the subscription is cancelled or the client shuts
/// down, after the messages already buffered; it throws if the broker refuses the subscription on a reconnect.
///
/// Buffering: each subscription buffers up to `subscriptionBufferCapacity` messages. When it is full, the
/// network thread waits for the consumer (backpressure: the broker holds further messages in its queue); after
/// `subscriptionOverflowWait` it logs a warning and buffers beyond the capacity until the consumer has caught up
/// (so a consumer that awaits a PUBACK only the network thread can read does not deadlock). Messages are never
/// dropped. One task at a time may iterate a subscription.
public struct MQTTSubscription: AsyncSequence, Sendable {
    /// A message.
    public typealias Element = MQTTMessage

    /// The topic filter subscribed to.
    public let topicFilter: String
    let id: UInt64
    let buffer: MQTTMessageBuffer
    let core: MQTTClientCore

    /// Iterates the messages of a subscription.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: MQTTMessageBuffer

        /// The next message; `nil` when the subscription ended.
        public mutating func next() async throws -> MQTTMessage? {
            try await buffer.next()
        }
    }

    /// Creates an iterator over the messages.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer)
    }

    /// Unsubscribes (unless another subscription of this client has the same filter) and ends the sequence.
    public func cancel() {
        core.cancelSubscription(id)
    }
}
