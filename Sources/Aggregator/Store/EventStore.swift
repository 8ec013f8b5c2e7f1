import WireProtocol

/// Where the aggregator keeps every event once: the seam between ingest and its database.
///
/// The embedded default is ``SQLiteEventStore``; `PostgreSQLEventStore` (module `AggregatorPostgreSQL`) serves
/// several aggregator instances sharing one database. Whatever the database, an implementation must:
///
/// - store each batch of ``ingest(_:)`` **in one transaction with the others passed in the same call** and return
///   only after that transaction is durable — the caller acknowledges to agents what the receipts say is stored;
/// - deduplicate on `source` + `id`: an event already stored is reported as a duplicate, counted as stored (so it
///   is acknowledged again) and not written twice — also when several aggregator instances share the database;
/// - keep every exception (invalid input) with all its problems, deduplicated on ``IngestException/dedupKey``
///   (a repeat increments its occurrence count);
/// - keep, per agent, the set of sequence numbers received (events and exceptions);
/// - write the jobs the ``OrchestrationPlanner`` plans for each newly stored event in the same transaction as the
///   event (the outbox pattern: a crash between "stored" and "called the ERP" loses nothing).
public protocol EventStore: Sendable {
    /// Stores the batches in one transaction and returns one receipt per batch, in the same order.
    ///
    /// - Throws: when the transaction fails; then nothing of the call was stored and nothing may be acknowledged.
    func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt]

    /// Stores events the aggregator itself originates (the ERP poller, inbound HTTP), numbering them.
    ///
    /// Each event's identity names its origin (for example `acme/central/erp`); its `sequence` is replaced by the
    /// origin's next number, so origins stay gap-free like agents. Deduplication on `source` + `id` and the planned
    /// jobs work as for ``ingest(_:)``, in one transaction for the whole call.
    func appendCentral(_ events: [CloudEvent]) async throws -> [CentralAppendResult]

    /// The stored event with this idempotency key, or `nil`.
    func event(source: String, id: String) async throws -> StoredEvent?

    /// Exceptions, newest first.
    func exceptions(limit: Int) async throws -> [StoredException]

    /// What an agent has delivered so far, or `nil` for an agent never heard from.
    func agentRecord(for identity: AgentIdentity) async throws -> AgentRecord?

    /// Row counts, for status output, tests and benchmarks.
    func counts() async throws -> EventStoreCounts

    /// Releases the database; the store must not be used afterwards.
    func close() async
}

/// How many rows an ``EventStore`` holds.
public struct EventStoreCounts: Sendable, Hashable {
    /// Distinct events stored.
    public var events: Int
    /// Distinct exceptions stored.
    public var exceptions: Int
    /// Orchestration jobs written.
    public var jobs: Int

    /// Creates counts.
    public init(events: Int, exceptions: Int, jobs: Int) {
        self.events = events
        self.exceptions = exceptions
        self.jobs = jobs
    }
}

/// What ``EventStore/appendCentral(_:)`` did with one event.
public enum CentralAppendResult: Sendable, Hashable {
    /// Stored for the first time with this sequence number and store order.
    case stored(sequence: UInt64, storeSequence: Int64)
    /// Already stored (same `source` + `id`) at this store order; nothing was written.
    case duplicate(storeSequence: Int64)
}
