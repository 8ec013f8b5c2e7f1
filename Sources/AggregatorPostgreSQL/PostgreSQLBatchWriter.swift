import Aggregator
import Logging
import PostgresNIO
import Shared
import WireProtocol

/// Writes the batches of one transaction on one connection and collects the per-agent changes for its end.
struct PostgreSQLBatchWriter {
    /// Events per `INSERT` (13 parameters each, well under PostgreSQL's 65,535).
    static let eventsPerStatement = 500

    let connection: PostgresConnection
    let planner: any OrchestrationPlanner
    let now: Int64
    let logger: Logger
    var agents: [AgentIdentity: AgentIngestDelta] = [:]

    init(connection: PostgresConnection, planner: any OrchestrationPlanner, now: Int64, logger: Logger) {
        self.connection = connection
        self.planner = planner
        self.now = now
        self.logger = logger
    }

    mutating func write(_ batches: [IngestBatch]) async throws -> [IngestReceipt] {
        var receipts: [IngestReceipt] = []
        receipts.reserveCapacity(batches.count)
        for batch in batches {
            receipts.append(try await write(batch))
        }
        return receipts
    }

    private mutating func write(_ batch: IngestBatch) async throws -> IngestReceipt {
        var receipt = IngestReceipt()
        var start = 0
        while start < batch.events.count {
            let chunk = Array(batch.events[start..<min(start + Self.eventsPerStatement, batch.events.count)])
            start += chunk.count
            let inserted = try await insert(chunk, receivedAt: batch.receivedAtMilliseconds)
            var newEvents: [(CloudEvent, Int64)] = []
            var seen: Set<String> = []
            for incoming in chunk {
                let event = incoming.event
                let key = event.source + "\u{0}" + event.id
                if let storeSequence = inserted[key], seen.insert(key).inserted {
                    receipt.newEvents += 1
                    newEvents.append((event, storeSequence))
                } else {
                    receipt.duplicateEvents += 1
                }
                receipt.stored.insert(event.sequence)
            }
            receipt.jobs += try await writeJobs(for: newEvents)
        }
        for exception in batch.exceptions {
            let rows = try await connection.query(
                """
                INSERT INTO exceptions (dedup_key, reason, problems, topic, tenant, site, agent, sequence, source,
                                        event_id, type, raw, raw_size, first_received_at_ms, last_received_at_ms)
                VALUES (\(exception.dedupKey), \(exception.reason.rawValue), \(exception.problemsJSON), \(batch.topic),
                        \(batch.identity?.tenant), \(batch.identity?.site), \(batch.identity?.agent),
                        \(exception.sequence.map { Int64($0) }), \(exception.source), \(exception.eventID),
                        \(exception.type), \(ByteBuffer(bytes: exception.raw)), \(Int64(exception.rawSize)),
                        \(batch.receivedAtMilliseconds), \(batch.receivedAtMilliseconds))
                ON CONFLICT (dedup_key) DO UPDATE SET occurrences = exceptions.occurrences + 1,
                                                      last_received_at_ms = excluded.last_received_at_ms
                RETURNING occurrences
                """, logger: logger)
            var occurrences: Int64 = 1
            for try await value in rows.decode(Int64.self) { occurrences = value }
            receipt.countException(sequence: exception.sequence, occurrences: occurrences)
        }
        if let identity = batch.identity {
            agents[identity, default: AgentIngestDelta()].add(receipt, receivedAt: batch.receivedAtMilliseconds)
        }
        return receipt
    }

    /// Inserts the events in one statement; returns the store order of those written now, by `source` NUL `id`.
    private func insert(_ events: [IncomingEvent], receivedAt: Int64) async throws -> [String: Int64] {
        var bindings = PostgresBindings(capacity: events.count * 13)
        var values: [String] = []
        values.reserveCapacity(events.count)
        for (index, incoming) in events.enumerated() {
            let event = incoming.event
            let base = index * 13
            values.append("(" + (1...13).map { "$\(base + $0)" }.joined(separator: ",") + ")")
            bindings.append(event.source)
            bindings.append(event.id)
            bindings.append(event.identity.tenant)
            bindings.append(event.identity.site)
            bindings.append(event.identity.agent)
            bindings.append(Int64(event.sequence))
            bindings.append(event.type.rawValue)
            bindings.append(event.subject)
            bindings.append(event.correlationID)
            bindings.append(event.time.text)
            bindings.append(Int64((event.time.date.timeIntervalSince1970 * 1000).rounded()))
            bindings.append(receivedAt)
            bindings.append(ByteBuffer(bytes: incoming.raw))
        }
        let sql = """
            INSERT INTO events (source, id, tenant, site, agent, sequence, type, subject, correlation_id, time, time_ms,
                                received_at_ms, raw)
            VALUES \(values.joined(separator: ","))
            ON CONFLICT (source, id) DO NOTHING
            RETURNING source, id, store_seq
            """
        var inserted: [String: Int64] = [:]
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await (source, id, storeSequence) in rows.decode((String, String, Int64).self) {
            inserted[source + "\u{0}" + id] = storeSequence
        }
        return inserted
    }

    /// Writes the planned jobs of the new events, held until their agent is complete up to their event.
    private func writeJobs(for events: [(CloudEvent, Int64)]) async throws -> Int {
        var bindings = PostgresBindings()
        var values: [String] = []
        for (event, storeSequence) in events {
            for job in planner.jobs(for: event) {
                let base = bindings.count
                values.append("(" + (1...12).map { "$\(base + $0)" }.joined(separator: ",") + ")")
                bindings.append(storeSequence)
                bindings.append(job.destination)
                bindings.append(job.action)
                bindings.append(job.businessKey)
                bindings.append(job.idempotencyKey)
                bindings.append(ByteBuffer(bytes: job.payload))
                bindings.append(now)
                bindings.append(now)
                bindings.append(event.identity.tenant)
                bindings.append(event.identity.site)
                bindings.append(event.identity.agent)
                bindings.append(Int64(event.sequence))
            }
        }
        guard !values.isEmpty else { return 0 }
        // Thousands of jobs in one batch would pass the parameter limit: then one statement per job.
        guard values.count <= 4_000 else { return try await writeJobsOneByOne(for: events) }
        let sql = """
            INSERT INTO jobs (event_store_seq, destination, action, business_key, idempotency_key, payload,
                              next_attempt_at_ms, created_at_ms, tenant, site, agent, sequence)
            VALUES \(values.joined(separator: ","))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING job_seq
            """
        var written = 0
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)
        for try await _ in rows { written += 1 }
        return written
    }

    private func writeJobsOneByOne(for events: [(CloudEvent, Int64)]) async throws -> Int {
        var written = 0
        for (event, storeSequence) in events {
            for job in planner.jobs(for: event) {
                let rows = try await connection.query(
                    """
                    INSERT INTO jobs (event_store_seq, destination, action, business_key, idempotency_key, payload,
                                      next_attempt_at_ms, created_at_ms, tenant, site, agent, sequence)
                    VALUES (\(storeSequence), \(job.destination), \(job.action), \(job.businessKey),
                            \(job.idempotencyKey), \(ByteBuffer(bytes: job.payload)), \(now), \(now),
                            \(event.identity.tenant), \(event.identity.site), \(event.identity.agent),
                            \(Int64(event.sequence)))
                    ON CONFLICT (idempotency_key) DO NOTHING
                    RETURNING job_seq
                    """, logger: logger)
                for try await _ in rows { written += 1 }
            }
        }
        return written
    }

    /// Merges each agent's new sequence numbers into its record (locked, agents in a fixed order) and releases the
    /// held jobs its record is now complete for, in sequence order.
    func updateAgents() async throws {
        let ordered = agents.sorted { ($0.key.tenant, $0.key.site, $0.key.agent) < ($1.key.tenant, $1.key.site, $1.key.agent) }
        for (identity, delta) in ordered {
            let record = try await lockAgent(identity)
            var received = record.received
            received.formUnion(delta.received)
            let complete = max(
                record.complete, Int64(received.completeThrough(firstHeardAt: record.firstHeardAt, now: now)))
            try await connection.query(
                """
                UPDATE agents SET received = \(received.flattened), complete_through = \(complete),
                                  events = events + \(delta.events), exceptions = exceptions + \(delta.exceptions),
                                  duplicates = duplicates + \(delta.duplicates),
                                  last_received_at_ms = greatest(last_received_at_ms, \(delta.lastReceivedAt))
                WHERE tenant = \(identity.tenant) AND site = \(identity.site) AND agent = \(identity.agent)
                """, logger: logger)
            try await connection.query(
                """
                UPDATE jobs SET release_seq = (SELECT nextval('job_release'))
                WHERE release_seq IS NULL AND tenant = \(identity.tenant) AND site = \(identity.site)
                  AND agent = \(identity.agent) AND sequence <= \(complete)
                """, logger: logger)
        }
    }

    /// Creates the agent's record if needed and locks it for this transaction; returns what it held.
    func lockAgent(_ identity: AgentIdentity) async throws
        -> (received: SequenceRangeSet, complete: Int64, firstHeardAt: Int64)
    {
        try await connection.query(
            """
            INSERT INTO agents (tenant, site, agent, received, first_received_at_ms, last_received_at_ms)
            VALUES (\(identity.tenant), \(identity.site), \(identity.agent), '{}', \(now), \(now))
            ON CONFLICT (tenant, site, agent) DO NOTHING
            """, logger: logger)
        let rows = try await connection.query(
            """
            SELECT received, complete_through, first_received_at_ms FROM agents
            WHERE tenant = \(identity.tenant) AND site = \(identity.site) AND agent = \(identity.agent)
            FOR UPDATE
            """, logger: logger)
        var result: (SequenceRangeSet, Int64, Int64) = ([], 0, now)
        for try await (received, complete, firstHeardAt) in rows.decode(([Int64], Int64, Int64).self) {
            result = (SequenceRangeSet(flattened: received), complete, firstHeardAt)
        }
        return result
    }

    /// The store order of the event with this idempotency key, or `nil`.
    func storeSequence(source: String, id: String) async throws -> Int64? {
        let rows = try await connection.query(
            "SELECT store_seq FROM events WHERE source = \(source) AND id = \(id)", logger: logger)
        for try await value in rows.decode(Int64.self) { return value }
        return nil
    }

    /// The next sequence number of a central origin (its record locked until the transaction ends).
    func nextSequence(for identity: AgentIdentity) async throws -> UInt64 {
        let record = try await lockAgent(identity)
        return (record.received.ranges.last?.upperBound ?? 0) + 1
    }
}
