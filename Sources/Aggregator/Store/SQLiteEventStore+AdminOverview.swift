import Shared
import WireProtocol

/// The admin API's overview reads on SQLite: agents (with their last status), connectors, type counts, tenants.
extension SQLiteEventStore {
    public func adminAgents(scope: AdminScope) async throws -> [AdminAgent] {
        try await withDatabase { database in
            try database.rows(
                """
                SELECT t.tenant, t.site, t.agent, s.state, s.agent_version, s.backlog, s.oldest_unacked_age_s,
                       s.reason, max(coalesce(s.last_seen_ms, 0), coalesce(a.last_received_at_ms, 0)),
                       coalesce(a.events, 0), coalesce(a.exceptions, 0)
                FROM (SELECT tenant, site, agent FROM agents UNION SELECT tenant, site, agent FROM agent_status) t
                LEFT JOIN agents a ON a.tenant = t.tenant AND a.site = t.site AND a.agent = t.agent
                LEFT JOIN agent_status s ON s.tenant = t.tenant AND s.site = t.site AND s.agent = t.agent
                WHERE ?1 IS NULL OR t.tenant = ?1
                ORDER BY t.tenant, t.site, t.agent LIMIT 10000
                """, [Self.optional(scope.tenant)]
            ).map { row in
                let lastSeen = row[8].integer ?? 0
                return AdminAgent(
                    tenant: row[0].text ?? "", site: row[1].text ?? "", agent: row[2].text ?? "",
                    state: row[3].text ?? "unknown", version: row[4].text, backlog: row[5].integer,
                    oldestUnackedAgeSeconds: row[6].integer, reason: row[7].text,
                    lastSeen: lastSeen > 0 ? Self.timestamp(lastSeen) : nil, events: row[9].integer ?? 0,
                    exceptions: row[10].integer ?? 0)
            }
        }
    }

    public func recordAgentStatus(_ identity: AgentIdentity, status: AgentStatusRecord) async throws {
        try await withDatabase { database in
            try database.run(
                """
                INSERT INTO agent_status (tenant, site, agent, state, agent_version, backlog, oldest_unacked_age_s,
                                          reason, status_time, last_seen_ms)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (tenant, site, agent) DO UPDATE SET
                    state = excluded.state, agent_version = excluded.agent_version, backlog = excluded.backlog,
                    oldest_unacked_age_s = excluded.oldest_unacked_age_s, reason = excluded.reason,
                    status_time = excluded.status_time, last_seen_ms = excluded.last_seen_ms
                """,
                [
                    .text(identity.tenant), .text(identity.site), .text(identity.agent), .text(status.state),
                    .text(status.version), Self.optional(status.backlog), Self.optional(status.oldestUnackedAgeSeconds),
                    Self.optional(status.reason), .text(status.time), .integer(status.receivedAtMilliseconds),
                ])
        }
    }

    public func adminConnectors(scope: AdminScope) async throws -> [AdminConnector] {
        try await withDatabase { database in
            let tenant = Self.optional(scope.tenant)
            var connectors = try database.rows(
                """
                SELECT j.destination, sum(j.state = 'pending'), sum(j.state = 'running'), sum(j.state = 'done'),
                       sum(j.state = 'dead'), sum(j.attempts)
                FROM jobs j JOIN events e ON e.store_seq = j.event_store_seq
                WHERE ?1 IS NULL OR e.tenant = ?1
                GROUP BY j.destination ORDER BY j.destination
                """, [tenant]
            ).map { row in
                let done = row[3].integer ?? 0
                let attempts = row[5].integer ?? 0
                return AdminConnector(
                    destination: row[0].text ?? "", pending: row[1].integer ?? 0, running: row[2].integer ?? 0,
                    done: done, dead: row[4].integer ?? 0, attempts: attempts, failures: max(0, attempts - done),
                    errorRate: 0, circuit: nil)
            }
            if try Self.hasTable("job_attempts", in: database) {
                var recorded: [String: (Int64, Int64)] = [:]
                for row in try database.rows(
                    """
                    SELECT j.destination, count(*), sum(a.outcome IN ('retry', 'dead_letter', 'interrupted'))
                    FROM job_attempts a JOIN jobs j ON j.job_seq = a.job_seq
                    JOIN events e ON e.store_seq = j.event_store_seq
                    WHERE a.outcome != 'replayed' AND (?1 IS NULL OR e.tenant = ?1)
                    GROUP BY j.destination
                    """, [tenant])
                {
                    recorded[row[0].text ?? ""] = (row[1].integer ?? 0, row[2].integer ?? 0)
                }
                for index in connectors.indices {
                    if let (attempts, failures) = recorded[connectors[index].destination] {
                        connectors[index].attempts = attempts
                        connectors[index].failures = failures
                    }
                }
            }
            for index in connectors.indices where connectors[index].attempts > 0 {
                connectors[index].errorRate = Double(connectors[index].failures) / Double(connectors[index].attempts)
            }
            return connectors
        }
    }

    public func adminTypeCounts(scope: AdminScope) async throws -> [AdminTypeCount] {
        try await withDatabase { database in
            try database.rows(
                "SELECT type, count(*) FROM events WHERE ?1 IS NULL OR tenant = ?1 GROUP BY type ORDER BY type",
                [Self.optional(scope.tenant)]
            ).map { AdminTypeCount(type: $0[0].text ?? "", count: $0[1].integer ?? 0) }
        }
    }

    public func adminTenants(scope: AdminScope) async throws -> [AdminTenant] {
        try await withDatabase { database in
            try database.rows(
                """
                SELECT t.tenant,
                       (SELECT coalesce(sum(events), 0) FROM agents WHERE tenant = t.tenant),
                       (SELECT count(*) FROM exceptions WHERE tenant = t.tenant AND state != 'resolved'),
                       (SELECT count(*) FROM (SELECT site, agent FROM agents WHERE tenant = t.tenant
                                              UNION SELECT site, agent FROM agent_status WHERE tenant = t.tenant)),
                       (SELECT count(*) FROM o2c_orders WHERE tenant = t.tenant)
                FROM (SELECT tenant FROM agents UNION SELECT tenant FROM agent_status
                      UNION SELECT tenant FROM exceptions WHERE tenant IS NOT NULL
                      UNION SELECT tenant FROM o2c_orders) t
                WHERE ?1 IS NULL OR t.tenant = ?1
                ORDER BY t.tenant
                """, [Self.optional(scope.tenant)]
            ).map { row in
                AdminTenant(
                    tenant: row[0].text ?? "", events: row[1].integer ?? 0, openExceptions: row[2].integer ?? 0,
                    agents: row[3].integer ?? 0, orders: row[4].integer ?? 0)
            }
        }
    }
}
