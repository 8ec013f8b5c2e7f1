import Shared
import WireProtocol

/// Reads: single events, exceptions, agent records and counts.
extension SQLiteEventStore {
    public func event(source: String, id: String) async throws -> StoredEvent? {
        try await withDatabase { database in try Self.event(source: source, id: id, in: database) }
    }

    private static func event(source: String, id: String, in database: SQLiteConnection) throws -> StoredEvent? {
        let rows = try database.rows(
            """
            SELECT store_seq, source, id, tenant, site, agent, sequence, type, subject, correlation_id, time,
                   received_at_ms, raw
            FROM events WHERE source = ?1 AND id = ?2
            """, [.text(source), .text(id)])
        guard let row = rows.first else { return nil }
        return StoredEvent(
            storeSequence: row[0].integer ?? 0, source: row[1].text ?? "", id: row[2].text ?? "",
            identity: try AgentIdentity(tenant: row[3].text ?? "", site: row[4].text ?? "", agent: row[5].text ?? ""),
            sequence: UInt64(row[6].integer ?? 0), type: row[7].text ?? "", subject: row[8].text,
            correlationID: row[9].text, time: row[10].text ?? "", receivedAtMilliseconds: row[11].integer ?? 0,
            raw: row[12].blob ?? [])
    }

    public func exceptions(limit: Int) async throws -> [StoredException] {
        try await withDatabase { database in try Self.exceptions(limit: limit, in: database) }
    }

    private static func exceptions(limit: Int, in database: SQLiteConnection) throws -> [StoredException] {
        try database.rows(
            """
            SELECT store_seq, reason, problems, topic, tenant, site, agent, sequence, source, event_id, type, raw,
                   raw_size, occurrences
            FROM exceptions ORDER BY store_seq DESC LIMIT ?1
            """, [.integer(Int64(max(0, limit)))]
        ).map { row in
            var identity: AgentIdentity?
            if let tenant = row[4].text, let site = row[5].text, let agent = row[6].text {
                identity = try? AgentIdentity(tenant: tenant, site: site, agent: agent)
            }
            return StoredException(
                storeSequence: row[0].integer ?? 0,
                reason: ExceptionReason(rawValue: row[1].text ?? "") ?? .invalidEvent,
                problemsJSON: row[2].text ?? "[]",
                topic: row[3].text ?? "", identity: identity, sequence: row[7].integer.map { UInt64($0) },
                source: row[8].text, eventID: row[9].text, type: row[10].text, raw: row[11].blob ?? [],
                rawSize: Int(row[12].integer ?? 0), occurrences: Int(row[13].integer ?? 1))
        }
    }

    public func agentRecord(for identity: AgentIdentity) async throws -> AgentRecord? {
        try await withDatabase { database in try Self.agentRecord(for: identity, in: database) }
    }

    private static func agentRecord(for identity: AgentIdentity, in database: SQLiteConnection) throws -> AgentRecord? {
        guard
            let row = try database.rows(
                Self.selectAgent, [.text(identity.tenant), .text(identity.site), .text(identity.agent)]
            ).first
        else { return nil }
        return AgentRecord(
            identity: identity, received: SequenceRangeSet(storedText: row[0].text ?? "[]"),
            events: row[1].integer ?? 0, exceptions: row[2].integer ?? 0, duplicates: row[3].integer ?? 0,
            lastReceivedAtMilliseconds: row[4].integer ?? 0)
    }

    public func counts() async throws -> EventStoreCounts {
        try await withDatabase { database in try Self.counts(in: database) }
    }

    private static func counts(in database: SQLiteConnection) throws -> EventStoreCounts {
        func count(_ table: String) throws -> Int {
            Int(try database.scalar("SELECT count(*) FROM \(table)")?.integer ?? 0)
        }
        return EventStoreCounts(
            events: try count("events"), exceptions: try count("exceptions"), jobs: try count("jobs"))
    }
}
