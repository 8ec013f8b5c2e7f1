import Dispatch
import Foundation
import Shared
import WireProtocol

/// The embedded event store: one SQLite file in WAL mode, written in batched transactions.
///
/// Every call of ``ingest(_:)`` is one `BEGIN IMMEDIATE … COMMIT`, however many batches it carries, so the cost of
/// the commit (an fsync with ``SQLiteConnection/Options/Durability/full``) is shared by all their events. Several
/// aggregator processes on one host may share the file: the write lock serialises their transactions, and the
/// deduplication and the per-agent record are read and written inside the transaction, so they stay exact.
///
/// The connection belongs to one serial dispatch queue, its own thread: SQLite blocks (on locks, and on the fsync
/// of every commit), and blocking a thread of Swift's cooperative pool would leave decoding, which needs those
/// threads, one core short.
///
/// The schema and its migrations are in `SQLiteEventStore+Schema.swift`; reads for tests and the admin API in
/// `SQLiteEventStore+Queries.swift`.
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    /// The database file.
    public let path: String
    /// Used only on ``queue``.
    private var connection: SQLiteConnection?
    let planner: any OrchestrationPlanner
    private let queue = DispatchQueue(label: "crossdock.aggregator.event-store")

    /// Opens (creating if needed, with its directory) the store at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - durability: `full` (the default) survives power loss: an acknowledged event is on disk; `normal` survives
    ///     process crashes only, and is faster per transaction.
    ///   - planner: decides the orchestration jobs written with each new event.
    /// - Throws: `SQLiteError` when the file cannot be opened or migrated, ``EventStoreError`` when its directory
    ///   cannot be created or its schema is newer than this program.
    public init(
        path: String, durability: SQLiteConnection.Options.Durability = .full,
        planner: any OrchestrationPlanner = NoOrchestration()
    ) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw EventStoreError(
                    .unusable, "cannot create the store's directory \(directory): \(error); create it or fix store.path"
                )
            }
        }
        let connection = try SQLiteConnection(
            path: path, options: SQLiteConnection.Options(durability: durability, cacheSize: -32_768))
        do {
            try SQLiteEventStore.migrations.migrate(connection)
        } catch {
            throw EventStoreError(.unusable, "\(error)")
        }
        self.path = path
        self.connection = connection
        self.planner = planner
    }

    /// Runs `body` with the open connection on the store's queue.
    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.async {
                guard let connection = self.connection else {
                    continuation.resume(
                        throwing: EventStoreError(.closed, "the event store at \(self.path) was closed"))
                    return
                }
                continuation.resume(with: Result { try body(connection) })
            }
        }
    }

    public func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.connection = nil
                continuation.resume()
            }
        }
    }

    public func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt] {
        let planner = self.planner
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        return try await withDatabase { database in
            try Self.write(batches, to: database, planner: planner, nowMilliseconds: nowMilliseconds)
        }
    }

    private static func write(
        _ batches: [IngestBatch], to database: SQLiteConnection, planner: any OrchestrationPlanner,
        nowMilliseconds: Int64
    ) throws(SQLiteError) -> [IngestReceipt] {
        try database.write { database throws(SQLiteError) -> [IngestReceipt] in
            var writer = BatchWriter(database: database, planner: planner, nowMilliseconds: nowMilliseconds)
            var receipts: [IngestReceipt] = []
            receipts.reserveCapacity(batches.count)
            for batch in batches {
                receipts.append(try writer.write(batch))
            }
            try writer.updateAgents()
            return receipts
        }
    }
}

/// Writes the batches of one transaction and collects the per-agent changes to apply at its end.
struct BatchWriter {
    let database: SQLiteConnection
    let planner: any OrchestrationPlanner
    let nowMilliseconds: Int64
    var agents: [AgentIdentity: AgentIngestDelta] = [:]

    mutating func write(_ batch: IngestBatch) throws(SQLiteError) -> IngestReceipt {
        var receipt = IngestReceipt()
        let insertEvent = try database.cachedStatement(SQLiteEventStore.insertEvent)
        // By index, reading each event in place: iterating would copy every event (a retain and a release for
        // each of its strings and values).
        for index in batch.events.indices {
            defer { insertEvent.reset() }
            try Self.bind(batch.events[index], receivedAt: batch.receivedAtMilliseconds, to: insertEvent)
            try insertEvent.step()
            if database.changes > 0 {
                receipt.newEvents += 1
                receipt.jobs += try writeJobs(for: batch.events[index].event, storeSequence: database.lastInsertRowID)
            } else {
                receipt.duplicateEvents += 1
            }
            receipt.stored.insert(batch.events[index].event.sequence)
        }
        let insertException = try database.cachedStatement(SQLiteEventStore.insertException)
        for exception in batch.exceptions {
            defer { insertException.reset() }
            try insertException.bind([
                .text(exception.dedupKey), .text(exception.reason.rawValue), .text(exception.problemsJSON),
                .text(batch.topic), batch.identity.map { .text($0.tenant) } ?? .null,
                batch.identity.map { .text($0.site) } ?? .null, batch.identity.map { .text($0.agent) } ?? .null,
                exception.sequence.map { .integer(Int64($0)) } ?? .null,
                exception.source.map(SQLiteValue.text) ?? .null,
                exception.eventID.map(SQLiteValue.text) ?? .null, exception.type.map(SQLiteValue.text) ?? .null,
                .blob(exception.raw), .integer(Int64(exception.rawSize)), .integer(batch.receivedAtMilliseconds),
            ])
            let occurrences = try insertException.step() ? insertException.int64(0) : 1
            receipt.countException(sequence: exception.sequence, occurrences: occurrences)
        }
        if let identity = batch.identity {
            agents[identity, default: AgentIngestDelta()].add(receipt, receivedAt: batch.receivedAtMilliseconds)
        }
        return receipt
    }

    /// Binds the parameters of ``SQLiteEventStore/insertEvent`` for `incoming`.
    private static func bind(
        _ incoming: borrowing IncomingEvent, receivedAt: Int64, to statement: SQLiteStatement
    ) throws(SQLiteError) {
        try statement.bind(.text(incoming.event.source), at: 1)
        try statement.bind(.text(incoming.event.id), at: 2)
        try statement.bind(.text(incoming.event.identity.tenant), at: 3)
        try statement.bind(.text(incoming.event.identity.site), at: 4)
        try statement.bind(.text(incoming.event.identity.agent), at: 5)
        try statement.bind(.integer(Int64(incoming.event.sequence)), at: 6)
        try statement.bind(.text(incoming.event.type.rawValue), at: 7)
        try statement.bind(incoming.event.subject.map(SQLiteValue.text) ?? .null, at: 8)
        try statement.bind(incoming.event.correlationID.map(SQLiteValue.text) ?? .null, at: 9)
        try statement.bind(.text(incoming.event.time.text), at: 10)
        try statement.bind(.integer(Int64((incoming.event.time.date.timeIntervalSince1970 * 1000).rounded())), at: 11)
        try statement.bind(.integer(receivedAt), at: 12)
        try statement.bind(.blob(incoming.raw), at: 13)
    }

    private func writeJobs(for event: borrowing CloudEvent, storeSequence: Int64) throws(SQLiteError) -> Int {
        let jobs = planner.jobs(for: event)
        guard !jobs.isEmpty else { return 0 }
        let insertJob = try database.cachedStatement(SQLiteEventStore.insertJob)
        var written = 0
        for job in jobs {
            try insertJob.run([
                .integer(storeSequence), .text(job.destination), .text(job.action),
                job.businessKey.map(SQLiteValue.text) ?? .null, .text(job.idempotencyKey), .blob(job.payload),
                .integer(nowMilliseconds),
            ])
            written += database.changes
        }
        return written
    }

    /// Merges each agent's new sequence numbers into its stored record, inside the transaction.
    func updateAgents() throws(SQLiteError) {
        for (identity, delta) in agents {
            let key: [SQLiteValue] = [.text(identity.tenant), .text(identity.site), .text(identity.agent)]
            var received = delta.received
            if let row = try database.rows(SQLiteEventStore.selectAgent, key).first, let text = row[0].text {
                received.formUnion(SequenceRangeSet(storedText: text))
            }
            try database.run(
                SQLiteEventStore.upsertAgent,
                key + [
                    .text(received.description), .integer(delta.events), .integer(delta.exceptions),
                    .integer(delta.duplicates), .integer(delta.lastReceivedAt),
                ])
        }
    }
}

extension SequenceRangeSet {
    /// Reads the `[[first,last],…]` text the store writes (``description``); unreadable text reads as empty.
    init(storedText text: String) {
        var ranges: [ClosedRange<UInt64>] = []
        if let value = try? JSONValue.parse(text), let pairs = value.arrayValue {
            for pair in pairs {
                if let bounds = pair.arrayValue, bounds.count == 2, let first = bounds[0].numberValue?.uint64Value,
                    let last = bounds[1].numberValue?.uint64Value, first >= 1, first <= last
                {
                    ranges.append(first...last)
                }
            }
        }
        self.init(ranges)
    }
}
