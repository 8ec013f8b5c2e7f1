import Foundation
import Logging
import ServiceLifecycle
import Shared
import WireProtocol

/// Ingest: reads every agent's event batches from the broker, stores each event once, then acknowledges it.
///
/// Per MQTT message on `crossdock/v1/+/+/+/events` (or its `$share/{group}/…` form):
///
/// 1. A decoder task decodes it (``BatchIngestDecoder``), several messages at once on several cores
///    (``IngestSettings/decodeWorkers``), keeping their order: topic, each event's envelope and data, the identity
///    check against the topic, unknown types. Invalid input becomes ``IngestException``s; nothing is refused.
/// 2. The writer task takes every decoded message waiting (up to ``IngestSettings/maxBatchesPerTransaction``) and
///    stores them in one transaction (``EventStore/ingest(_:)``): duplicates (`source` + `id`) are not written
///    again, exceptions are kept with all their problems.
/// 3. Only after the commit, it publishes one ``AckMessage`` per agent of the transaction to that agent's
///    `…/acks` at QoS 1: every sequence number stored (new or already stored) in `stored`, exceptions also in
///    `exceptions`.
///
/// Failure behaviour: if the transaction fails, nothing is acknowledged and the agents send those events again.
/// A message that is not a readable batch is stored as an exception but cannot be acknowledged (it has no
/// readable sequence numbers): the agent keeps resending it and each repeat only counts up the stored exception.
/// libmosquitto acknowledges (PUBACK) a message to the broker when it receives it, so a message received but not
/// yet stored when the process dies is recovered by the agent's redelivery, not by the broker.
///
/// Graceful shutdown (SIGTERM): the subscription stops; batches already received are stored and acknowledged;
/// the service waits up to ``IngestSettings/ackDrainTimeout`` for the broker to take the last acks, and returns.
public final class IngestService: Service {
    /// The filter subscribed to.
    public let topicFilter: String
    /// Counts of what was done, also exported as metrics.
    public let statistics = IngestStatistics()
    private let client: MQTTClient
    private let store: any EventStore
    private let decoder: BatchIngestDecoder
    private let systemOfRecord: SystemOfRecordRules?
    private let settings: IngestSettings
    private let logger: Logger
    private let subscribed = ReadySignal()

    /// Creates the service; nothing happens until ``run()``.
    ///
    /// - Parameters:
    ///   - client: connected, or started, by the caller; the service subscribes and publishes acks on it.
    ///   - store: where events go.
    ///   - topicFilter: usually ``AggregatorConfiguration/eventsFilter``.
    ///   - systemOfRecord: when set, events an agent's origin may not publish become `system-of-record` exceptions
    ///     (``SystemOfRecordRules/enforce(_:maxExceptionBytes:)``), checked with decoding.
    public init(
        client: MQTTClient, store: any EventStore, topicFilter: String = TopicFilter.allEvents.pattern,
        settings: IngestSettings = IngestSettings(), systemOfRecord: SystemOfRecordRules? = nil,
        logger: Logger = Logger(label: "crossdock.aggregator.ingest")
    ) {
        self.systemOfRecord = systemOfRecord
        self.client = client
        self.store = store
        self.topicFilter = topicFilter
        self.settings = settings
        self.decoder = BatchIngestDecoder(
            unknownEventTypes: settings.unknownEventTypes, maxExceptionBytes: settings.maxExceptionBytes)
        self.logger = logger
    }

    /// Returns once the broker granted the subscription (messages published from then on are received).
    public func waitUntilSubscribed() async {
        await subscribed.wait()
    }

    public func run() async throws {
        let subscription: MQTTSubscription
        do {
            // Until the broker is reached, SIGTERM simply ends the service.
            subscription = try await cancelWhenGracefulShutdown { [client, topicFilter] in
                try await client.waitUntilConnected()
                return try await client.subscribe(to: topicFilter, qos: .atLeastOnce)
            }
        } catch is CancellationError {
            logger.info("ingest stopped before it subscribed to \(topicFilter)")
            return
        }
        logger.info("ingest subscribed to \(topicFilter)")
        subscribed.signal()
        let received = IngestQueue<Received>(capacity: settings.queueCapacity)
        let decoded = IngestQueue<Decoded>(capacity: settings.queueCapacity)
        let statistics = self.statistics
        let logger = self.logger
        let acks = MQTTPipelinedPublisher(client: client, window: 1000) { completion in
            statistics.recordAck(succeeded: (try? completion.result.get()) != nil)
            if case .failure(let error) = completion.result {
                logger.warning("ack to \(completion.topic) not taken by the broker: \(error); the agent will resend")
            }
        }
        let readFailure: (any Error)? = await withGracefulShutdownHandler {
            await withTaskGroup(of: (any Error)?.self) { group in
                group.addTask { await self.read(subscription, into: received) }
                group.addTask {
                    await self.decode(from: received, into: decoded)
                    return nil
                }
                group.addTask {
                    await self.write(from: decoded, acks: acks)
                    return nil
                }
                var failure: (any Error)?
                for await result in group where result != nil { failure = result }
                return failure
            }
        } onGracefulShutdown: {
            logger.info("ingest stopping: finishing the batches received, then acknowledging them")
            subscription.cancel()
        }
        do {
            try await withTimeout(settings.ackDrainTimeout) { await acks.waitForCompletion() }
        } catch where acks.unacknowledgedCount > 0 {
            logger.warning("\(acks.unacknowledgedCount) acks not confirmed by the broker on shutdown; agents resend")
        } catch {}
        let counts = statistics.snapshot
        logger.info(
            "ingest stopped",
            metadata: [
                "batches": "\(counts.batches)", "events": "\(counts.eventsStored)",
                "duplicates": "\(counts.duplicates)", "exceptions": "\(counts.exceptions)",
            ])
        if let readFailure { throw readFailure }
    }

    /// A message as received.
    private struct Received: Sendable {
        var message: MQTTMessage
        var at: ContinuousClock.Instant
        var milliseconds: Int64
    }

    /// A message decoded, and when it was received.
    private struct Decoded: Sendable {
        var batch: IngestBatch
        var received: ContinuousClock.Instant
    }

    /// Takes messages from the subscription until it ends; returns its error, if it failed.
    private func read(_ subscription: MQTTSubscription, into queue: IngestQueue<Received>) async -> (any Error)? {
        defer { queue.finish() }
        do {
            for try await message in subscription {
                await queue.push(
                    Received(
                        message: message, at: ContinuousClock.now,
                        milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
            }
            return nil
        } catch {
            logger.error("ingest subscription to \(topicFilter) ended: \(error)")
            return error
        }
    }

    /// Decodes what was received, up to ``IngestSettings/decodeWorkers`` messages at once, in order.
    private func decode(from received: IngestQueue<Received>, into decoded: IngestQueue<Decoded>) async {
        defer { decoded.finish() }
        let decoder = self.decoder
        let rules = systemOfRecord
        let maxExceptionBytes = settings.maxExceptionBytes
        let workers = settings.decodeWorkers
        while let items = await received.take(max: workers * 16) {
            let chunk = (items.count + workers - 1) / workers
            let results: [Decoded]
            if workers == 1 || items.count == 1 {
                results = items.map { Self.decode($0, with: decoder, rules, maxExceptionBytes) }
            } else {
                results = await withTaskGroup(of: (Int, [Decoded]).self) { group in
                    for (position, start) in stride(from: 0, to: items.count, by: chunk).enumerated() {
                        let slice = items[start..<min(start + chunk, items.count)]
                        group.addTask { (position, slice.map { Self.decode($0, with: decoder, rules, maxExceptionBytes) }) }
                    }
                    var parts: [(Int, [Decoded])] = []
                    for await part in group { parts.append(part) }
                    return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
                }
            }
            for result in results { await decoded.push(result) }
        }
    }

    private static func decode(
        _ item: Received, with decoder: BatchIngestDecoder, _ rules: SystemOfRecordRules?, _ maxExceptionBytes: Int
    ) -> Decoded {
        let batch = decoder.decode(
            topic: item.message.topic, payload: item.message.payload, receivedAtMilliseconds: item.milliseconds)
        return Decoded(
            batch: rules.map { $0.enforce(batch, maxExceptionBytes: maxExceptionBytes) } ?? batch, received: item.at)
    }

    /// Stores what was decoded, one transaction per group of messages, and acknowledges it.
    private func write(from queue: IngestQueue<Decoded>, acks: MQTTPipelinedPublisher) async {
        while let items = await queue.take(max: settings.maxBatchesPerTransaction) {
            let batches = items.map(\.batch)
            let receipts: [IngestReceipt]
            do {
                receipts = try await store.ingest(batches)
            } catch {
                statistics.recordStoreFailure(batches: batches.count)
                let events = batches.reduce(0) { $0 + $1.events.count }
                logger.error(
                    """
                    could not store \(batches.count) batches (\(events) events): \(error); nothing of them was \
                    acknowledged, their agents will send them again
                    """)
                try? await Task.sleep(for: .milliseconds(250))
                continue
            }
            var byReason: [ExceptionReason: Int] = [:]
            for batch in batches where !batch.exceptions.isEmpty {
                for exception in batch.exceptions { byReason[exception.reason, default: 0] += 1 }
                report(batch)
            }
            statistics.recordTransaction(batches: batches.count, receipts: receipts, exceptions: byReason)
            await acknowledge(batches: batches, receipts: receipts, acks: acks)
            let now = ContinuousClock.now
            for item in items { statistics.recordLatency(now - item.received) }
        }
    }

    /// Publishes one ack per agent for the batches of a committed transaction.
    private func acknowledge(batches: [IngestBatch], receipts: [IngestReceipt], acks: MQTTPipelinedPublisher) async {
        var order: [AgentIdentity] = []
        var perAgent: [AgentIdentity: IngestReceipt] = [:]
        for (batch, receipt) in zip(batches, receipts) {
            guard let identity = batch.identity else { continue }
            if perAgent[identity] == nil { order.append(identity) }
            perAgent[identity, default: IngestReceipt()].merge(receipt)
        }
        for identity in order {
            guard let ack = perAgent[identity]?.ackMessage() else { continue }
            do {
                try await acks.publish(topic: identity.topic(.acks).name, payload: ack.encoded(), qos: .atLeastOnce)
            } catch {
                statistics.recordAck(succeeded: false)
                logger.warning("could not publish the ack to \(identity): \(error); the agent will resend")
            }
        }
    }

    /// Logs the exceptions of one batch, one line per batch.
    private func report(_ batch: IngestBatch) {
        let acknowledgeable = batch.exceptions.contains { $0.sequence != nil }
        let first = batch.exceptions[0]
        let problems = first.problems.prefix(3).map(\.description).joined(separator: "; ")
        let more = first.problems.count > 3 ? " (+\(first.problems.count - 3) more)" : ""
        let note = acknowledgeable ? "" : "; no readable sequence numbers, so the publisher cannot be acknowledged"
        logger.warning(
            """
            \(batch.exceptions.count) exception(s) stored from \(batch.topic): \(first.reason): \
            \(problems)\(more)\(note)
            """,
            metadata: ["reason": "\(first.reason)"])
    }
}
