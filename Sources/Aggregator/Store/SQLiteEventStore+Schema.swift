import Shared

extension SQLiteEventStore {
    /// The event store's schema, one migration per version.
    ///
    /// - `events`: one row per `source` + `id` (the idempotency key, `UNIQUE`); `store_seq` is the ingest order.
    ///   Indexes serve the admin API: by tenant and time, by subject (business key), by correlation id.
    /// - `exceptions`: invalid input with every problem, deduplicated on `dedup_key` with an occurrence count.
    /// - `agents`: per agent, the sequence ranges received (`received`, `[[first,last],…]`) and counters.
    /// - `jobs`: orchestration work written with its event in one transaction (the outbox pattern); connectors take
    ///   `pending` jobs whose `next_attempt_at_ms` has come, in `store_seq` order per `business_key`.
    static let migrations = SQLiteMigrator([
        SQLiteMigration(
            version: 1, name: "events, exceptions, agents, jobs",
            sql: """
                CREATE TABLE events (
                    store_seq INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    tenant TEXT NOT NULL,
                    site TEXT NOT NULL,
                    agent TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    type TEXT NOT NULL,
                    subject TEXT,
                    correlation_id TEXT,
                    time TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    received_at_ms INTEGER NOT NULL,
                    raw BLOB NOT NULL,
                    UNIQUE (source, id)
                );
                CREATE INDEX events_tenant_time ON events (tenant, time_ms);
                CREATE INDEX events_subject ON events (subject) WHERE subject IS NOT NULL;
                CREATE INDEX events_correlation ON events (correlation_id) WHERE correlation_id IS NOT NULL;

                CREATE TABLE exceptions (
                    store_seq INTEGER PRIMARY KEY,
                    dedup_key TEXT NOT NULL UNIQUE,
                    reason TEXT NOT NULL,
                    problems TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    tenant TEXT,
                    site TEXT,
                    agent TEXT,
                    sequence INTEGER,
                    source TEXT,
                    event_id TEXT,
                    type TEXT,
                    raw BLOB NOT NULL,
                    raw_size INTEGER NOT NULL,
                    occurrences INTEGER NOT NULL DEFAULT 1,
                    first_received_at_ms INTEGER NOT NULL,
                    last_received_at_ms INTEGER NOT NULL
                );
                CREATE INDEX exceptions_tenant_time ON exceptions (tenant, first_received_at_ms);

                CREATE TABLE agents (
                    tenant TEXT NOT NULL,
                    site TEXT NOT NULL,
                    agent TEXT NOT NULL,
                    received TEXT NOT NULL,
                    events INTEGER NOT NULL,
                    exceptions INTEGER NOT NULL,
                    duplicates INTEGER NOT NULL,
                    first_received_at_ms INTEGER NOT NULL,
                    last_received_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant, site, agent)
                ) WITHOUT ROWID;

                CREATE TABLE jobs (
                    job_seq INTEGER PRIMARY KEY,
                    event_store_seq INTEGER NOT NULL REFERENCES events (store_seq),
                    destination TEXT NOT NULL,
                    action TEXT NOT NULL,
                    business_key TEXT,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    payload BLOB NOT NULL,
                    state TEXT NOT NULL DEFAULT 'pending',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at_ms INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    last_error TEXT
                );
                CREATE INDEX jobs_due ON jobs (state, next_attempt_at_ms);
                CREATE INDEX jobs_business_key ON jobs (business_key, job_seq) WHERE business_key IS NOT NULL;
                """),
        jobsMigration,
        orderToCashMigration,
        adminMigration,
    ])

    static let insertEvent = """
        INSERT INTO events (source, id, tenant, site, agent, sequence, type, subject, correlation_id, time, time_ms,
                            received_at_ms, raw)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
        ON CONFLICT (source, id) DO NOTHING
        """

    static let insertException = """
        INSERT INTO exceptions (dedup_key, reason, problems, topic, tenant, site, agent, sequence, source, event_id,
                                type, raw, raw_size, first_received_at_ms, last_received_at_ms)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)
        ON CONFLICT (dedup_key) DO UPDATE SET occurrences = occurrences + 1,
                                              last_received_at_ms = excluded.last_received_at_ms
        RETURNING occurrences
        """

    static let insertJob = """
        INSERT INTO jobs (event_store_seq, destination, action, business_key, idempotency_key, payload,
                          next_attempt_at_ms, created_at_ms)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
        ON CONFLICT (idempotency_key) DO NOTHING
        """

    static let selectAgent = """
        SELECT received, events, exceptions, duplicates, last_received_at_ms FROM agents
        WHERE tenant = ?1 AND site = ?2 AND agent = ?3
        """

    static let upsertAgent = """
        INSERT INTO agents (tenant, site, agent, received, events, exceptions, duplicates, first_received_at_ms,
                            last_received_at_ms)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
        ON CONFLICT (tenant, site, agent) DO UPDATE SET
            received = excluded.received, events = events + excluded.events,
            exceptions = exceptions + excluded.exceptions, duplicates = duplicates + excluded.duplicates,
            last_received_at_ms = excluded.last_received_at_ms
        """
}
