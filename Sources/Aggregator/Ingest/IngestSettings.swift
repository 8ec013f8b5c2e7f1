import Foundation
import Shared

/// The `ingest` section: how batches are grouped into transactions and what counts as an exception.
///
/// ```yaml
/// ingest:
///   max_batches_per_transaction: 128   # MQTT messages stored in one transaction at most
///   queue_capacity: 512                # messages waiting for decoding, and for the store, at most
///   decode_workers: 2                  # messages decoded in parallel (default: the number of cores)
///   unknown_event_types: exception     # or store (see UnknownEventTypePolicy)
///   max_exception_bytes: 256KiB        # bytes of an invalid event or unreadable message kept
///   ack_drain_timeout: 5s              # on shutdown, how long to wait for the broker to take the last acks
/// ```
public struct IngestSettings: Sendable, Hashable {
    /// The most MQTT messages (batches) stored in one transaction; more waiting messages wait for the next one.
    public var maxBatchesPerTransaction: Int
    /// The most messages waiting to be decoded, and decoded messages waiting for the store.
    public var queueCapacity: Int
    /// How many messages are decoded at the same time (JSON and validation are the costly part of ingest).
    public var decodeWorkers: Int
    /// What to do with unknown `com.crossdock.` event types.
    public var unknownEventTypes: UnknownEventTypePolicy
    /// Bytes of an invalid event or unreadable message kept in the exception.
    public var maxExceptionBytes: Int
    /// On shutdown, how long to wait for the broker to acknowledge the last acks sent.
    public var ackDrainTimeout: Duration

    /// Creates settings with the defaults.
    public init(
        maxBatchesPerTransaction: Int = 128, queueCapacity: Int = 512,
        decodeWorkers: Int = ProcessInfo.processInfo.activeProcessorCount,
        unknownEventTypes: UnknownEventTypePolicy = .exception, maxExceptionBytes: Int = 256 << 10,
        ackDrainTimeout: Duration = .seconds(5)
    ) {
        self.maxBatchesPerTransaction = maxBatchesPerTransaction
        self.queueCapacity = queueCapacity
        self.decodeWorkers = max(1, decodeWorkers)
        self.unknownEventTypes = unknownEventTypes
        self.maxExceptionBytes = maxExceptionBytes
        self.ackDrainTimeout = ackDrainTimeout
    }

    /// Reads the `ingest` section.
    public init(reader: ConfigReader) {
        let defaults = IngestSettings()
        maxBatchesPerTransaction = reader.int(
            "max_batches_per_transaction", default: defaults.maxBatchesPerTransaction, in: 1...10_000)
        queueCapacity = reader.int("queue_capacity", default: defaults.queueCapacity, in: 1...100_000)
        decodeWorkers = reader.int("decode_workers", default: defaults.decodeWorkers, in: 1...64)
        unknownEventTypes = reader.choice("unknown_event_types", default: defaults.unknownEventTypes)
        maxExceptionBytes = Int(
            reader.byteCount("max_exception_bytes", default: Int64(defaults.maxExceptionBytes), in: 0...(16 << 20)))
        ackDrainTimeout = reader.duration(
            "ack_drain_timeout", default: defaults.ackDrainTimeout, in: .zero...(.seconds(300)))
    }
}
