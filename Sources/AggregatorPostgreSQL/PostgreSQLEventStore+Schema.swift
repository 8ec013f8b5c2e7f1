import PostgresNIO

extension PostgreSQLEventStore {
    /// The schema, one migration per version, applied under an advisory lock so that instances starting together
    /// do not race; `crossdock_schema` records the versions applied.
    ///
    /// Version 1 holds what ``SQLiteEventStore``'s versions 1 and 2 hold (events, exceptions, agents, jobs with
    /// leases, job attempts) with two additions for several instances: `agents.complete_through` (the agent's
    /// sequence numbers have no gap up to it) and `jobs.tenant/site/agent/sequence/release_seq`: a job is held
    /// until its agent is complete up to its event, then released with the next `job_release` number; the order
    /// per business key is (`release_seq`, `sequence`, `job_seq`).
    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (
            1, "events, exceptions, agents, jobs, job attempts",
            [
                """
                CREATE TABLE events (
                    store_seq bigserial PRIMARY KEY,
                    source text NOT NULL,
                    id text NOT NULL,
                    tenant text NOT NULL,
                    site text NOT NULL,
                    agent text NOT NULL,
                    sequence bigint NOT NULL,
                    type text NOT NULL,
                    subject text,
                    correlation_id text,
                    time text NOT NULL,
                    time_ms bigint NOT NULL,
                    received_at_ms bigint NOT NULL,
                    raw bytea NOT NULL,
                    UNIQUE (source, id)
                )
                """,
                "CREATE INDEX events_tenant_time ON events (tenant, time_ms)",
                "CREATE INDEX events_subject ON events (subject) WHERE subject IS NOT NULL",
                "CREATE INDEX events_correlation ON events (correlation_id) WHERE correlation_id IS NOT NULL",
                """
                CREATE TABLE exceptions (
                    store_seq bigserial PRIMARY KEY,
                    dedup_key text NOT NULL UNIQUE,
                    reason text NOT NULL,
                    problems text NOT NULL,
                    topic text NOT NULL,
                    tenant text,
                    site text,
                    agent text,
                    sequence bigint,
                    source text,
                    event_id text,
                    type text,
                    raw bytea NOT NULL,
                    raw_size bigint NOT NULL,
                    occurrences bigint NOT NULL DEFAULT 1,
                    first_received_at_ms bigint NOT NULL,
                    last_received_at_ms bigint NOT NULL
                )
                """,
                "CREATE INDEX exceptions_tenant_time ON exceptions (tenant, first_received_at_ms)",
                """
                CREATE TABLE agents (
                    tenant text NOT NULL,
                    site text NOT NULL,
                    agent text NOT NULL,
                    received bigint[] NOT NULL,
                    complete_through bigint NOT NULL DEFAULT 0,
                    events bigint NOT NULL DEFAULT 0,
                    exceptions bigint NOT NULL DEFAULT 0,
                    duplicates bigint NOT NULL DEFAULT 0,
                    first_received_at_ms bigint NOT NULL,
                    last_received_at_ms bigint NOT NULL,
                    PRIMARY KEY (tenant, site, agent)
                )
                """,
                "CREATE SEQUENCE job_release",
                """
                CREATE TABLE jobs (
                    job_seq bigserial PRIMARY KEY,
                    event_store_seq bigint NOT NULL REFERENCES events (store_seq),
                    destination text NOT NULL,
                    action text NOT NULL,
                    business_key text,
                    idempotency_key text NOT NULL UNIQUE,
                    payload bytea NOT NULL,
                    state text NOT NULL DEFAULT 'pending',
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_at_ms bigint NOT NULL,
                    created_at_ms bigint NOT NULL,
                    last_error text,
                    claimed_until_ms bigint,
                    finished_at_ms bigint,
                    response_body text,
                    tenant text NOT NULL,
                    site text NOT NULL,
                    agent text NOT NULL,
                    sequence bigint NOT NULL,
                    release_seq bigint
                )
                """,
                """
                CREATE INDEX jobs_due ON jobs (state, next_attempt_at_ms, release_seq, sequence, job_seq)
                WHERE state IN ('pending', 'running')
                """,
                """
                CREATE INDEX jobs_key_order ON jobs (business_key, release_seq, sequence, job_seq)
                WHERE business_key IS NOT NULL AND state IN ('pending', 'running', 'dead')
                """,
                "CREATE INDEX jobs_held ON jobs (tenant, site, agent, sequence) WHERE release_seq IS NULL",
                "CREATE INDEX jobs_event ON jobs (event_store_seq)",
                """
                CREATE TABLE job_attempts (
                    attempt_seq bigserial PRIMARY KEY,
                    job_seq bigint NOT NULL REFERENCES jobs (job_seq),
                    attempt integer NOT NULL,
                    started_at_ms bigint NOT NULL,
                    duration_ms bigint NOT NULL,
                    outcome text NOT NULL,
                    http_status integer,
                    message text
                )
                """,
                "CREATE INDEX job_attempts_job ON job_attempts (job_seq, attempt_seq)",
            ]
        )
    ]

    /// Applies the migrations this database lacks, each in its own transaction.
    func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            // One instance migrates at a time; the others wait here and then find the versions applied.
            try await connection.query("SELECT pg_advisory_xact_lock(7243061)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS crossdock_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = 0
            for try await version in try await connection.query(
                "SELECT coalesce(max(version), 0) FROM crossdock_schema", logger: logger
            ).decode(Int32.self) {
                applied = Int(version)
            }
            let known = Self.migrations.last?.version ?? 0
            guard applied <= known else {
                throw PostgreSQLStoreError(
                    "the database has schema version \(applied), newer than this program's \(known); "
                        + "run the newer crossdock-aggregator")
            }
            for migration in Self.migrations where migration.version > applied {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO crossdock_schema (version, name) VALUES (\(Int32(migration.version)), \(migration.name))",
                    logger: logger)
            }
        }
    }
}
