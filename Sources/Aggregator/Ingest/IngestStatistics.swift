import Metrics
import Synchronization

/// What ingest has done since it started: exported as metrics and readable as a snapshot.
///
/// Metrics (swift-metrics, rendered by whatever backend the program bootstrapped, Prometheus by default):
///
/// | name | kind | meaning |
/// |---|---|---|
/// | `crossdock_ingest_batches_total` | counter | MQTT messages read from `…/events` |
/// | `crossdock_ingest_events_stored_total` | counter | events stored for the first time |
/// | `crossdock_ingest_duplicates_total` | counter | events received again (acknowledged, not stored again) |
/// | `crossdock_ingest_exceptions_total{reason}` | counter | exceptions stored (repeats included) |
/// | `crossdock_ingest_acks_total` | counter | acknowledgements published |
/// | `crossdock_ingest_ack_failures_total` | counter | acknowledgements the broker did not take |
/// | `crossdock_ingest_store_failures_total` | counter | transactions that failed (nothing acknowledged) |
/// | `crossdock_ingest_latency_seconds` | timer | from receiving a message to handing its ack to the broker |
public final class IngestStatistics: Sendable {
    /// The counts at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// MQTT messages read.
        public var batches = 0
        /// Events stored for the first time.
        public var eventsStored = 0
        /// Events received again.
        public var duplicates = 0
        /// Exceptions stored, repeats included.
        public var exceptions = 0
        /// Acknowledgements published.
        public var acks = 0
        /// Acknowledgements that failed.
        public var ackFailures = 0
        /// Failed transactions.
        public var storeFailures = 0
        /// Transactions committed.
        public var transactions = 0
    }

    private let state = Mutex(Snapshot())
    private let batches = Counter(label: "crossdock_ingest_batches_total")
    private let eventsStored = Counter(label: "crossdock_ingest_events_stored_total")
    private let duplicates = Counter(label: "crossdock_ingest_duplicates_total")
    private let acks = Counter(label: "crossdock_ingest_acks_total")
    private let ackFailures = Counter(label: "crossdock_ingest_ack_failures_total")
    private let storeFailures = Counter(label: "crossdock_ingest_store_failures_total")
    private let latency = Metrics.Timer(label: "crossdock_ingest_latency_seconds", preferredDisplayUnit: .seconds)

    /// Creates statistics at zero.
    public init() {}

    /// The counts now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func recordTransaction(batches count: Int, receipts: [IngestReceipt], exceptions byReason: [ExceptionReason: Int]) {
        let stored = receipts.reduce(0) { $0 + $1.newEvents }
        let duplicated = receipts.reduce(0) { $0 + $1.duplicateEvents }
        let exceptions = byReason.values.reduce(0, +)
        state.withLock { state in
            state.batches += count
            state.eventsStored += stored
            state.duplicates += duplicated
            state.exceptions += exceptions
            state.transactions += 1
        }
        batches.increment(by: count)
        eventsStored.increment(by: stored)
        duplicates.increment(by: duplicated)
        for (reason, count) in byReason where count > 0 {
            Counter(label: "crossdock_ingest_exceptions_total", dimensions: [("reason", reason.rawValue)])
                .increment(by: count)
        }
    }

    func recordStoreFailure(batches count: Int) {
        state.withLock { state in
            state.batches += count
            state.storeFailures += 1
        }
        batches.increment(by: count)
        storeFailures.increment()
    }

    func recordAck(succeeded: Bool) {
        state.withLock { state in
            if succeeded { state.acks += 1 } else { state.ackFailures += 1 }
        }
        (succeeded ? acks : ackFailures).increment()
    }

    func recordLatency(_ duration: Duration) {
        latency.recordNanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000
                + duration.components.attoseconds / 1_000_000_000)
    }
}
