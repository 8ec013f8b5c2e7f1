import Foundation
import Shared
import WireProtocol

/// The admin API's reads and operator changes on SQLite, and schema version 5.
///
/// Every read is bound to an ``AdminScope``: `?1 IS NULL OR tenant = ?1` in SQL, where `NULL` only ever comes from
/// ``AdminScope/allTenants`` (partner-wide keys). Jobs carry their tenant through their event.
extension SQLiteEventStore: AdminStore {
    /// Schema version 5: operator state on exceptions, agents' last status, the append-only audit log.
    ///
    /// - `exceptions.state` (`open`, `acknowledged`, `resolved`) with the last comment, key and time.
    /// - `agent_status`: per agent its last retained status (state, version, backlog, oldest unacked age).
    /// - `audit_log`: who, role, tenant, action, target, comment, when; triggers refuse `UPDATE` and `DELETE`.
    static let adminMigration = SQLiteMigration(
        version: 5, name: "exception state, agent status, audit log",
        sql: """
            ALTER TABLE exceptions ADD COLUMN state TEXT NOT NULL DEFAULT 'open';
            ALTER TABLE exceptions ADD COLUMN state_comment TEXT;
            ALTER TABLE exceptions ADD COLUMN state_by TEXT;
            ALTER TABLE exceptions ADD COLUMN state_at_ms INTEGER;
            CREATE INDEX exceptions_tenant_state ON exceptions (tenant, state);

            CREATE TABLE agent_status (
                tenant TEXT NOT NULL,
                site TEXT NOT NULL,
                agent TEXT NOT NULL,
                state TEXT NOT NULL,
                agent_version TEXT NOT NULL,
                backlog INTEGER,
                oldest_unacked_age_s INTEGER,
                reason TEXT,
                status_time TEXT NOT NULL,
                last_seen_ms INTEGER NOT NULL,
                PRIMARY KEY (tenant, site, agent)
            ) WITHOUT ROWID;

            CREATE TABLE audit_log (
                audit_seq INTEGER PRIMARY KEY,
                at_ms INTEGER NOT NULL,
                actor TEXT NOT NULL,
                role TEXT,
                tenant TEXT,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                comment TEXT
            );
            CREATE INDEX audit_log_tenant ON audit_log (tenant, audit_seq);
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """)

    public func adminEvents(_ query: AdminEventQuery) async throws -> AdminEventPage {
        try await withDatabase { database in
            let limit = max(1, min(query.limit, 1000))
            let rows = try database.rows(
                Self.selectAdminEvent + """
                     WHERE (?1 IS NULL OR tenant = ?1) AND (?2 IS NULL OR site = ?2) AND (?3 IS NULL OR type = ?3)
                       AND (?4 IS NULL OR subject = ?4 OR correlation_id = ?4)
                       AND (?5 IS NULL OR time_ms >= ?5) AND (?6 IS NULL OR time_ms < ?6) AND store_seq > ?7
                    ORDER BY store_seq LIMIT ?8
                    """,
                [
                    Self.optional(query.scope.tenant), Self.optional(query.site), Self.optional(query.type),
                    Self.optional(query.businessKey), Self.optional(query.fromMilliseconds),
                    Self.optional(query.toMilliseconds), .integer(query.after ?? 0), .integer(Int64(limit + 1)),
                ])
            let events = rows.prefix(limit).map { Self.adminEvent(from: $0, withBody: false) }
            return AdminEventPage(events: events, next: rows.count > limit ? events.last?.storeSequence : nil)
        }
    }

    public func adminEvent(storeSequence: Int64, scope: AdminScope) async throws -> AdminEvent? {
        try await withDatabase { database in
            try database.rows(
                Self.selectAdminEvent + " WHERE store_seq = ?1 AND (?2 IS NULL OR tenant = ?2)",
                [.integer(storeSequence), Self.optional(scope.tenant)]
            ).first.map { Self.adminEvent(from: $0, withBody: true) }
        }
    }

    public func adminTrace(key: String, scope: AdminScope) async throws -> AdminTrace {
        try await withDatabase { database in
            let tenant = Self.optional(scope.tenant)
            let events = try database.rows(
                Self.selectAdminEvent + """
                     WHERE (subject = ?1 OR correlation_id = ?1
                            OR store_seq IN (SELECT event_store_seq FROM jobs WHERE business_key = ?1))
                       AND (?2 IS NULL OR tenant = ?2)
                    ORDER BY store_seq LIMIT 1000
                    """, [.text(key), tenant]
            ).map { Self.adminEvent(from: $0, withBody: true) }
            let sequences = Self.jsonIntegers(events.map(\.storeSequence))
            var jobs = try database.rows(
                """
                SELECT j.job_seq, j.event_store_seq, j.destination, j.action, j.state, j.attempts, j.last_error
                FROM jobs j JOIN events e ON e.store_seq = j.event_store_seq
                WHERE (j.business_key = ?1 OR j.event_store_seq IN (SELECT value FROM json_each(?3)))
                  AND (?2 IS NULL OR e.tenant = ?2)
                ORDER BY j.job_seq LIMIT 1000
                """, [.text(key), tenant, .text(sequences)]
            ).map { row in
                AdminTrace.Job(
                    job: row[0].integer ?? 0, eventStoreSequence: row[1].integer ?? 0, destination: row[2].text ?? "",
                    action: row[3].text ?? "", state: row[4].text ?? "", attempts: row[5].integer ?? 0,
                    lastError: row[6].text, history: [])
            }
            if try Self.hasTable("job_attempts", in: database) && !jobs.isEmpty {
                var history: [Int64: [AdminTrace.Attempt]] = [:]
                for row in try database.rows(
                    """
                    SELECT job_seq, attempt, started_at_ms, outcome, http_status, message FROM job_attempts
                    WHERE job_seq IN (SELECT value FROM json_each(?1)) ORDER BY attempt_seq
                    """, [.text(Self.jsonIntegers(jobs.map(\.job)))])
                {
                    history[row[0].integer ?? 0, default: []].append(
                        AdminTrace.Attempt(
                            attempt: row[1].integer ?? 0, startedAt: Self.timestamp(row[2].integer),
                            outcome: row[3].text ?? "", httpStatus: row[4].integer, message: row[5].text))
                }
                for index in jobs.indices { jobs[index].history = history[jobs[index].job] ?? [] }
            }
            return AdminTrace(key: key, events: events, jobs: jobs)
        }
    }

    public func adminExceptions(scope: AdminScope, state: AdminExceptionState?, limit: Int) async throws
        -> [AdminException]
    {
        try await withDatabase { database in
            try database.rows(
                Self.selectAdminException + """
                     WHERE (?1 IS NULL OR tenant = ?1) AND (?2 IS NULL OR state = ?2)
                    ORDER BY store_seq DESC LIMIT ?3
                    """,
                [Self.optional(scope.tenant), Self.optional(state?.rawValue), .integer(Int64(max(1, min(limit, 1000))))]
            ).map(Self.adminException(from:))
        }
    }

    public func setExceptionState(
        id: Int64, state: AdminExceptionState, scope: AdminScope, audit: AuditRecord
    ) async throws -> ExceptionStateChange {
        let now = Self.adminNow()
        return try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> ExceptionStateChange in
                let select = Self.selectAdminException + " WHERE store_seq = ?1 AND (?2 IS NULL OR tenant = ?2)"
                let key: [SQLiteValue] = [.integer(id), Self.optional(scope.tenant)]
                guard let current = try database.rows(select, key).first.map(Self.adminException(from:)) else {
                    return .notFound
                }
                if current.state == .resolved { return .alreadyResolved(current) }
                try database.run(
                    """
                    UPDATE exceptions SET state = ?2, state_comment = ?3, state_by = ?4, state_at_ms = ?5
                    WHERE store_seq = ?1
                    """,
                    [.integer(id), .text(state.rawValue), Self.optional(audit.comment), .text(audit.actor), .integer(now)])
                var record = audit
                record.tenant = current.tenant
                try Self.insertAudit(record, at: now, in: database)
                guard let changed = try database.rows(select, key).first.map(Self.adminException(from:)) else {
                    return .notFound
                }
                return .changed(changed)
            }
        }
    }

    public func adminDeadLetters(scope: AdminScope, limit: Int) async throws -> [AdminDeadLetter] {
        try await withDatabase { database in
            try database.rows(
                """
                SELECT j.job_seq, e.tenant, e.id, e.type, j.destination, j.action, j.business_key, j.attempts,
                       j.last_error, j.created_at_ms
                FROM jobs j JOIN events e ON e.store_seq = j.event_store_seq
                WHERE j.state = 'dead' AND (?1 IS NULL OR e.tenant = ?1)
                ORDER BY j.job_seq LIMIT ?2
                """, [Self.optional(scope.tenant), .integer(Int64(max(1, min(limit, 1000))))]
            ).map { row in
                AdminDeadLetter(
                    job: row[0].integer ?? 0, tenant: row[1].text ?? "", eventId: row[2].text ?? "",
                    type: row[3].text ?? "", destination: row[4].text ?? "", action: row[5].text ?? "",
                    businessKey: row[6].text, attempts: row[7].integer ?? 0, lastError: row[8].text,
                    createdAt: Self.timestamp(row[9].integer))
            }
        }
    }

    public func tenantOfJob(_ job: Int64) async throws -> String? {
        try await withDatabase { database in
            try database.scalar(
                "SELECT e.tenant FROM jobs j JOIN events e ON e.store_seq = j.event_store_seq WHERE j.job_seq = ?1",
                [.integer(job)])?.text
        }
    }

    static let selectAdminEvent = """
        SELECT store_seq, source, id, tenant, site, agent, sequence, type, subject, correlation_id, time,
               received_at_ms, raw
        FROM events
        """

    static func adminEvent(from row: SQLiteRow, withBody: Bool) -> AdminEvent {
        AdminEvent(
            storeSequence: row[0].integer ?? 0, source: row[1].text ?? "", id: row[2].text ?? "",
            tenant: row[3].text ?? "", site: row[4].text ?? "", agent: row[5].text ?? "",
            sequence: row[6].integer ?? 0, type: row[7].text ?? "", subject: row[8].text, correlationId: row[9].text,
            time: row[10].text ?? "", receivedAt: timestamp(row[11].integer),
            event: withBody ? (try? JSONValue.parse(row[12].blob ?? [])) : nil)
    }

    static let selectAdminException = """
        SELECT store_seq, tenant, site, agent, reason, problems, topic, source, event_id, type, occurrences,
               first_received_at_ms, last_received_at_ms, state, state_comment, state_by, state_at_ms
        FROM exceptions
        """

    static func adminException(from row: SQLiteRow) -> AdminException {
        AdminException(
            id: row[0].integer ?? 0, tenant: row[1].text, site: row[2].text, agent: row[3].text,
            reason: row[4].text ?? "", problems: (try? JSONValue.parse(Array((row[5].text ?? "[]").utf8))) ?? .array([]),
            topic: row[6].text ?? "", source: row[7].text, eventId: row[8].text, type: row[9].text,
            occurrences: row[10].integer ?? 1, firstReceivedAt: timestamp(row[11].integer),
            lastReceivedAt: timestamp(row[12].integer),
            state: AdminExceptionState(rawValue: row[13].text ?? "") ?? .open, comment: row[14].text,
            updatedBy: row[15].text, updatedAt: row[16].integer.map { timestamp($0) })
    }

    /// Now, in milliseconds since 1970 (UTC).
    static func adminNow() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// A JSON array of integers as text, for `json_each` parameters.
    static func jsonIntegers(_ values: [Int64]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }

    /// Text or `NULL`.
    static func optional(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }

    /// An integer or `NULL`.
    static func optional(_ value: Int64?) -> SQLiteValue { value.map(SQLiteValue.integer) ?? .null }

    /// Whether the database has the table (the job runner's tables arrive with its schema version).
    static func hasTable(_ name: String, in database: SQLiteConnection) throws(SQLiteError) -> Bool {
        (try database.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [.text(name)])?
            .integer ?? 0) > 0
    }
}
