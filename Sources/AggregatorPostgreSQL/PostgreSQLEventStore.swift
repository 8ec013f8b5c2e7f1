import Aggregator
import Foundation
import Logging
import PostgresNIO
import Shared
import Synchronization
import WireProtocol

/// The event and job store on PostgreSQL: several aggregator instances share one database.
///
/// It keeps the ``EventStore`` contract as ``SQLiteEventStore`` does, with these differences of mechanism:
///
/// - every call is one `READ COMMITTED` transaction; deduplication is the `UNIQUE (source, id)` constraint with
///   `ON CONFLICT DO NOTHING`, so an event two instances store at once is written by one and reported as a duplicate
///   by the other (the second waits for the first's commit);
/// - an agent's record is read `FOR UPDATE` and merged inside the transaction, agents in a fixed order;
/// - a transaction the server aborts for a deadlock or a serialization failure is run again (up to five times);
/// - a job is written held (`release_seq` `NULL`) and released, in sequence order, once its agent's sequence
///   numbers are complete up to its event: with a shared subscription an agent's batches reach several instances,
///   which may commit them out of order, and the job order per business key must still follow each agent's order.
///
/// The client's connection pool runs in a task of its own from ``connect(settings:planner:logger:)`` until
/// ``close()``. The schema is in `PostgreSQLEventStore+Schema.swift`, the job runner's side in
/// `PostgreSQLEventStore+Jobs.swift`.
public final class PostgreSQLEventStore: EventStore, Sendable {
    /// Where the database is.
    public let settings: PostgreSQLStoreSettings
    let client: PostgresClient
    let planner: any OrchestrationPlanner
    let logger: Logger
    private let runTask: Task<Void, Never>
    private let closed = Mutex(false)

    private init(
        settings: PostgreSQLStoreSettings, client: PostgresClient, planner: any OrchestrationPlanner, logger: Logger,
        runTask: Task<Void, Never>
    ) {
        self.settings = settings
        self.client = client
        self.planner = planner
        self.logger = logger
        self.runTask = runTask
    }

    /// Connects to the database, brings its schema up to date and returns the store.
    ///
    /// - Parameter timeout: how long to try reaching the server and preparing the schema.
    /// - Throws: ``PostgreSQLStoreError`` when the server cannot be reached within `timeout`, refuses the login, or
    ///   holds a newer schema than this program knows.
    public static func connect(
        settings: PostgreSQLStoreSettings, planner: any OrchestrationPlanner = NoOrchestration(),
        timeout: Duration = .seconds(30), logger: Logger = Logger(label: "crossdock.aggregator.postgresql")
    ) async throws -> PostgreSQLEventStore {
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.user, password: settings.password?.reveal(),
            database: settings.database, tls: settings.tls.clientTLS)
        configuration.options.maximumConnections = settings.connections
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let store = PostgreSQLEventStore(
            settings: settings, client: client, planner: planner, logger: logger, runTask: runTask)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.migrate() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw PostgreSQLStoreError("no answer within \(timeout)")
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            await store.close()
            throw PostgreSQLStoreError(
                "cannot prepare the database \(settings.description): \(PostgreSQLStoreError.detail(of: error)); "
                    + "check store.postgresql, that the server runs and that the role may create tables")
        }
        return store
    }

    public func close() async {
        closed.withLock { $0 = true }
        runTask.cancel()
        await runTask.value
    }

    /// Runs `body` in one transaction, again when the server aborted it for a deadlock or a serialization failure.
    func transaction<T: Sendable>(
        _ what: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try checkOpen()
        var attempt = 1
        while true {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(connection)
                }
            } catch {
                if attempt < 5, PostgreSQLStoreError.isRetryable(error) {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(Int.random(in: 5...50) * attempt))
                    continue
                }
                throw PostgreSQLStoreError("\(what) failed: \(PostgreSQLStoreError.detail(of: error))")
            }
        }
    }

    /// Runs one statement outside a transaction, wrapping its error.
    func rows(_ what: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        try checkOpen()
        do {
            var result: [PostgresRow] = []
            for try await row in try await client.query(query, logger: logger) { result.append(row) }
            return result
        } catch {
            throw PostgreSQLStoreError("\(what) failed: \(PostgreSQLStoreError.detail(of: error))")
        }
    }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) {
            throw EventStoreError(.closed, "the event store at \(settings.description) was closed")
        }
    }

    public func ingest(_ batches: [IngestBatch]) async throws -> [IngestReceipt] {
        let planner = self.planner
        let now = Self.milliseconds(Date())
        let logger = self.logger
        return try await transaction("storing \(batches.count) batches") { connection in
            var writer = PostgreSQLBatchWriter(connection: connection, planner: planner, now: now, logger: logger)
            let receipts = try await writer.write(batches)
            try await writer.updateAgents()
            return receipts
        }
    }

    public func appendCentral(_ events: [CloudEvent]) async throws -> [CentralAppendResult] {
        let planner = self.planner
        let now = Self.milliseconds(Date())
        let logger = self.logger
        return try await transaction("storing \(events.count) central events") { connection in
            var writer = PostgreSQLBatchWriter(connection: connection, planner: planner, now: now, logger: logger)
            var next: [AgentIdentity: UInt64] = [:]
            var results: [CentralAppendResult] = []
            for var event in events {
                if let existing = try await writer.storeSequence(source: event.source, id: event.id) {
                    results.append(.duplicate(storeSequence: existing))
                    continue
                }
                var sequence = next[event.identity] ?? 0
                if sequence == 0 { sequence = try await writer.nextSequence(for: event.identity) }
                next[event.identity] = sequence + 1
                event.sequence = sequence
                let batch = IngestBatch(
                    topic: "central:\(event.identity)", identity: event.identity, receivedAtMilliseconds: now,
                    events: [IncomingEvent(event: event)], exceptions: [])
                _ = try await writer.write([batch])
                let stored = try await writer.storeSequence(source: event.source, id: event.id) ?? 0
                results.append(.stored(sequence: sequence, storeSequence: stored))
            }
            try await writer.updateAgents()
            return results
        }
    }

    public func event(source: String, id: String) async throws -> StoredEvent? {
        try await rows(
            "reading an event",
            "SELECT \(unescaped: Self.eventColumns) FROM events WHERE source = \(source) AND id = \(id)"
        ).first.flatMap { try Self.storedEvent(Array($0), from: 0) }
    }

    public func exceptions(limit: Int) async throws -> [StoredException] {
        try await rows(
            "reading exceptions",
            """
            SELECT store_seq, reason, problems, topic, tenant, site, agent, sequence, source, event_id, type, raw,
                   raw_size, occurrences
            FROM exceptions ORDER BY store_seq DESC LIMIT \(Int64(max(0, limit)))
            """
        ).map { row in
            let cells = Array(row)
            var identity: AgentIdentity?
            if let tenant = try cells[4].decode(String?.self), let site = try cells[5].decode(String?.self),
                let agent = try cells[6].decode(String?.self)
            {
                identity = try? AgentIdentity(tenant: tenant, site: site, agent: agent)
            }
            return StoredException(
                storeSequence: try cells[0].decode(Int64.self),
                reason: ExceptionReason(rawValue: try cells[1].decode(String.self)) ?? .invalidEvent,
                problemsJSON: try cells[2].decode(String.self), topic: try cells[3].decode(String.self),
                identity: identity, sequence: try cells[7].decode(Int64?.self).map { UInt64($0) },
                source: try cells[8].decode(String?.self), eventID: try cells[9].decode(String?.self),
                type: try cells[10].decode(String?.self), raw: Self.bytes(try cells[11].decode(ByteBuffer.self)),
                rawSize: Int(try cells[12].decode(Int64.self)), occurrences: Int(try cells[13].decode(Int64.self)))
        }
    }

    public func agentRecord(for identity: AgentIdentity) async throws -> AgentRecord? {
        guard
            let row = try await rows(
                "reading an agent's record",
                """
                SELECT received, events, exceptions, duplicates, last_received_at_ms FROM agents
                WHERE tenant = \(identity.tenant) AND site = \(identity.site) AND agent = \(identity.agent)
                """
            ).first
        else { return nil }
        let cells = Array(row)
        return AgentRecord(
            identity: identity, received: SequenceRangeSet(flattened: try cells[0].decode([Int64].self)),
            events: try cells[1].decode(Int64.self), exceptions: try cells[2].decode(Int64.self),
            duplicates: try cells[3].decode(Int64.self), lastReceivedAtMilliseconds: try cells[4].decode(Int64.self))
    }

    public func counts() async throws -> EventStoreCounts {
        guard
            let row = try await rows(
                "counting rows",
                """
                SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM exceptions), (SELECT count(*) FROM jobs)
                """
            ).first
        else { return EventStoreCounts(events: 0, exceptions: 0, jobs: 0) }
        let (events, exceptions, jobs) = try row.decode((Int64, Int64, Int64).self)
        return EventStoreCounts(events: Int(events), exceptions: Int(exceptions), jobs: Int(jobs))
    }

    // MARK: - Rows

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    static let eventColumns = """
        store_seq, source, id, tenant, site, agent, sequence, type, subject, correlation_id, time, received_at_ms, raw
        """

    /// The event in the 13 cells from `offset` (``eventColumns``); `nil` when its identity is unreadable.
    static func storedEvent(_ cells: [PostgresCell], from offset: Int) throws -> StoredEvent? {
        let c = { (index: Int) in cells[offset + index] }
        guard
            let identity = try? AgentIdentity(
                tenant: try c(3).decode(String.self), site: try c(4).decode(String.self),
                agent: try c(5).decode(String.self))
        else { return nil }
        return StoredEvent(
            storeSequence: try c(0).decode(Int64.self), source: try c(1).decode(String.self),
            id: try c(2).decode(String.self), identity: identity, sequence: UInt64(try c(6).decode(Int64.self)),
            type: try c(7).decode(String.self), subject: try c(8).decode(String?.self),
            correlationID: try c(9).decode(String?.self), time: try c(10).decode(String.self),
            receivedAtMilliseconds: try c(11).decode(Int64.self), raw: bytes(try c(12).decode(ByteBuffer.self)))
    }
}

extension PostgreSQLStoreSettings.TLSMode {
    /// The client's TLS setting for this mode.
    var clientTLS: PostgresClient.Configuration.TLS {
        switch self {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }
}

extension SequenceRangeSet {
    /// Reads the `[first, last, first, last, …]` array the PostgreSQL store keeps; malformed pairs are skipped.
    init(flattened values: [Int64]) {
        var ranges: [ClosedRange<UInt64>] = []
        var index = 0
        while index + 1 < values.count {
            let first = values[index]
            let last = values[index + 1]
            if first >= 1, first <= last { ranges.append(UInt64(first)...UInt64(last)) }
            index += 2
        }
        self.init(ranges)
    }

    /// The `[first, last, first, last, …]` array the PostgreSQL store keeps.
    var flattened: [Int64] { ranges.flatMap { [Int64($0.lowerBound), Int64($0.upperBound)] } }

    /// The last sequence number up to which an agent's numbers have no gap: the end of the range holding 1.
    ///
    /// Agents number from 1 without gaps, so a set without 1 is still waiting for its start (another instance is
    /// storing it). An agent first heard from above 1 (its earlier numbers went to another database) would wait
    /// for ever: once its record is older than `grace`, the end of its first range counts instead.
    func completeThrough(firstHeardAt: Int64, now: Int64, grace: Int64 = 600_000) -> UInt64 {
        guard let first = ranges.first else { return 0 }
        if first.lowerBound == 1 || now - firstHeardAt >= grace { return first.upperBound }
        return 0
    }
}
