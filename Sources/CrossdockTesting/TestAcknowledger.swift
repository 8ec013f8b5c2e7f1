import Logging
import Shared
import Synchronization
import WireProtocol

/// A small stand-in for the aggregator: subscribes as ``TestPKI/aggregator`` to every agent's events, records
/// what arrives and acknowledges it on the agent's `…/acks` topic.
///
/// ```swift
/// let acknowledger = try await TestAcknowledger.start(broker: broker)
/// … // run an agent
/// #expect(await acknowledger.waitForDistinct(1_000, within: .seconds(30)))
/// await acknowledger.stop()
/// ```
///
/// ``isAcknowledging`` can be switched off to play an aggregator that receives but does not store. With
/// `recordEvents` (the default) every delivery is kept (sequence, id, source, arrival time) so tests can check
/// that a redelivery carries the same id; benchmarks turn it off and keep counts only.
public final class TestAcknowledger: Sendable {
    /// One event as it arrived.
    public struct Delivery: Sendable, Hashable {
        /// The event's `sequence`.
        public var sequence: UInt64
        /// The event's `id`.
        public var id: String
        /// The event's `source`.
        public var source: String
        /// When it arrived.
        public var arrivedAt: ContinuousClock.Instant
    }

    private struct State {
        var distinct = SequenceRangeSet()
        var deliveries = 0
        var batches = 0
        var rejected = 0
        var recorded: [Delivery] = []
        var idsBySequence: [UInt64: String] = [:]
        var sequencesByID: [String: UInt64] = [:]
        var conflicts: [String] = []
    }

    private let client: MQTTClient
    private let state = Mutex(State())
    private let acknowledging = Atomic<Bool>(true)
    private let recordEvents: Bool
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init(client: MQTTClient, recordEvents: Bool) {
        self.client = client
        self.recordEvents = recordEvents
    }

    /// Connects as the aggregator, subscribes to `crossdock/v1/+/+/+/events` and starts acknowledging.
    public static func start(
        broker: TestBroker, recordEvents: Bool = true, acknowledging: Bool = true,
        logger: Logger = Logger(label: "crossdock.test.acknowledger")
    ) async throws -> TestAcknowledger {
        var configuration = broker.clientConfiguration(
            identity: TestPKI.aggregator, clientID: "test-acknowledger-\(UInt32.random(in: 0...UInt32.max))")
        configuration.subscriptionBufferCapacity = 1_000
        let client = try MQTTClient(configuration: configuration, logger: logger)
        let acknowledger = TestAcknowledger(client: client, recordEvents: recordEvents)
        acknowledger.acknowledging.store(acknowledging, ordering: .relaxed)
        try await client.connect()
        let subscription = try await client.subscribe(to: TopicFilter.allEvents.pattern, qos: .atLeastOnce)
        acknowledger.task.withLock {
            $0 = Task { await acknowledger.consume(subscription, logger: logger) }
        }
        return acknowledger
    }

    /// Whether arriving batches are acknowledged (switch off to play an aggregator that does not store).
    public var isAcknowledging: Bool {
        get { acknowledging.load(ordering: .relaxed) }
        set { acknowledging.store(newValue, ordering: .relaxed) }
    }

    /// Sequences received at least once.
    public var distinctSequences: SequenceRangeSet { state.withLock { $0.distinct } }
    /// How many distinct sequences arrived.
    public var distinctCount: UInt64 { state.withLock { $0.distinct.count } }
    /// How many events arrived, redeliveries included.
    public var deliveryCount: Int { state.withLock { $0.deliveries } }
    /// How many batches arrived.
    public var batchCount: Int { state.withLock { $0.batches } }
    /// Every delivery, in arrival order (when recording).
    public var deliveries: [Delivery] { state.withLock { $0.recorded } }
    /// Sequences that arrived with different ids, or ids that arrived with different sequences (must stay empty).
    public var conflicts: [String] { state.withLock { $0.conflicts } }
    /// Events that failed validation.
    public var rejectedCount: Int { state.withLock { $0.rejected } }

    /// Waits until `count` distinct sequences arrived; `false` if `limit` passed first.
    public func waitForDistinct(_ count: UInt64, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if distinctCount >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return distinctCount >= count
    }

    /// Waits until `count` deliveries (redeliveries included) arrived; `false` if `limit` passed first.
    public func waitForDeliveries(_ count: Int, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if deliveryCount >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return deliveryCount >= count
    }

    /// Stops consuming and disconnects.
    public func stop() async {
        task.withLock { $0 }?.cancel()
        await client.shutdown(drainTimeout: .seconds(1))
    }

    private func consume(_ subscription: MQTTSubscription, logger: Logger) async {
        do {
            for try await message in subscription {
                let topic: Topic
                do {
                    topic = try Topic(parsing: message.topic)
                } catch {
                    logger.warning("ignoring a message on an unexpected topic", metadata: ["topic": "\(message.topic)"])
                    continue
                }
                let result: BatchDecodingResult
                do {
                    result = try CloudEventBatch.decodeEach(message.payload)
                } catch {
                    logger.warning("ignoring an unreadable batch", metadata: ["error": "\(error)"])
                    continue
                }
                let stored = record(result)
                guard isAcknowledging, !stored.isEmpty else { continue }
                let ack = AckMessage(stored: stored)
                do {
                    try await client.publish(
                        topic: Topic(identity: topic.identity, channel: .acks).name, payload: ack.encoded(),
                        qos: .atLeastOnce)
                } catch {
                    logger.warning("could not publish an ack", metadata: ["error": "\(error)"])
                }
            }
        } catch {
            logger.debug("acknowledger subscription ended", metadata: ["error": "\(error)"])
        }
    }

    /// Records a batch; returns the sequences to acknowledge (valid events and readable rejected ones).
    private func record(_ result: BatchDecodingResult) -> SequenceRangeSet {
        let now = ContinuousClock.now
        var stored = SequenceRangeSet()
        for event in result.events { stored.insert(event.sequence) }
        for rejected in result.rejected {
            if let sequence = rejected.sequence { stored.insert(sequence) }
        }
        state.withLock { state in
            state.batches += 1
            state.rejected += result.rejected.count
            state.deliveries += result.events.count
            state.distinct.formUnion(stored)
            guard recordEvents else { return }
            for event in result.events {
                state.recorded.append(
                    Delivery(sequence: event.sequence, id: event.id, source: event.source, arrivedAt: now))
                if let known = state.idsBySequence[event.sequence] {
                    if known != event.id {
                        state.conflicts.append("sequence \(event.sequence) arrived as \(known) and as \(event.id)")
                    }
                } else {
                    state.idsBySequence[event.sequence] = event.id
                }
                let key = event.idempotencyKey
                if let known = state.sequencesByID[key] {
                    if known != event.sequence {
                        state.conflicts.append("\(key) arrived as sequence \(known) and as \(event.sequence)")
                    }
                } else {
                    state.sequencesByID[key] = event.sequence
                }
            }
        }
        return stored
    }
}
