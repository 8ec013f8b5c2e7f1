import Shared

extension SQLiteEventStore {
    /// Schema version 2: what the job runner needs on top of version 1's `jobs`.
    ///
    /// - `jobs.claimed_until_ms`: the lease of a `running` job; a job whose lease ran out (its process died) is
    ///   retried. `finished_at_ms`, `response_body` (a dead letter's truncated response body).
    /// - `jobs_state_seq`: the due-job scan in store order; `jobs_event`: a trace's jobs per event.
    /// - `job_attempts`: every attempt with when, how long, outcome, HTTP status and message; replays too.
    static let jobsMigration = SQLiteMigration(
        version: 2, name: "job leases, attempts",
        sql: """
            ALTER TABLE jobs ADD COLUMN claimed_until_ms INTEGER;
            ALTER TABLE jobs ADD COLUMN finished_at_ms INTEGER;
            ALTER TABLE jobs ADD COLUMN response_body TEXT;
            CREATE INDEX jobs_state_seq ON jobs (state, job_seq);
            CREATE INDEX jobs_event ON jobs (event_store_seq);

            CREATE TABLE job_attempts (
                attempt_seq INTEGER PRIMARY KEY,
                job_seq INTEGER NOT NULL REFERENCES jobs (job_seq),
                attempt INTEGER NOT NULL,
                started_at_ms INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                outcome TEXT NOT NULL,
                http_status INTEGER,
                message TEXT
            );
            CREATE INDEX job_attempts_job ON job_attempts (job_seq, attempt_seq);
            """)
}
