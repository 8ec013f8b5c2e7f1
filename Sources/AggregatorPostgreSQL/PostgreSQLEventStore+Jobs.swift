import Aggregator
import Foundation
import Logging
import PostgresNIO
import Shared

/// The job runner's side of the PostgreSQL store: claims that several instances make at once never overlap.
///
/// A claim is one transaction: it puts back the `running` jobs whose lease ran out (`FOR UPDATE SKIP LOCKED`, so
/// two instances never both do it), extends the leases of the caller's own jobs, then selects due jobs in order
/// `FOR UPDATE SKIP LOCKED` and marks them `running`. A job is due when it is released, `pending`, its time has
/// come, and no earlier job of its business key (by `release_seq`, `sequence`, `job_seq`) is `pending` or
/// `running` (or `dead`, when dead letters block their key). A job another instance holds is `running` in every
/// snapshot that could see it claimable, so its later jobs of the same key wait.
extension PostgreSQLEventStore: JobStore {
    public func claimDueJobs(
        limit: Int, allowance: JobDestinationAllowance, lease: Duration, deadLetterBlocksKey: Bool,
        working: Set<Int64>, now: Date
    ) async throws -> [ClaimedJob] {
        let nowMilliseconds = Self.milliseconds(now)
        let leaseMilliseconds = lease.millisecondsValue
        let closed = allowance.filter { $0.value <= 0 }.keys.sorted()
        let working = working.sorted()
        let blocking = deadLetterBlocksKey ? "'pending', 'running', 'dead'" : "'pending', 'running'"
        let logger = self.logger
        return try await transaction("claiming jobs") { connection in
            try await connection.query(
                """
                UPDATE jobs SET claimed_until_ms = \(nowMilliseconds + leaseMilliseconds)
                WHERE state = 'running' AND job_seq = ANY(\(working))
                  AND claimed_until_ms < \(nowMilliseconds + leaseMilliseconds / 2)
                """, logger: logger)
            try await connection.query(
                """
                WITH expired AS (
                    UPDATE jobs SET state = 'pending', next_attempt_at_ms = \(nowMilliseconds), claimed_until_ms = NULL,
                                    last_error = 'interrupted'
                    WHERE job_seq IN (
                        SELECT job_seq FROM jobs
                        WHERE state = 'running' AND claimed_until_ms < \(nowMilliseconds)
                          AND NOT (job_seq = ANY(\(working)))
                        FOR UPDATE SKIP LOCKED)
                    RETURNING job_seq, attempts)
                INSERT INTO job_attempts (job_seq, attempt, started_at_ms, duration_ms, outcome, message)
                SELECT job_seq, attempts, \(nowMilliseconds), 0, 'interrupted',
                       'the attempt did not finish (the aggregator stopped or its lease ran out); retrying'
                FROM expired
                """, logger: logger)
            guard limit > 0 else { return [] }
            let candidates = try await connection.query(
                """
                SELECT j.job_seq, j.destination FROM jobs j
                WHERE j.state = 'pending' AND j.release_seq IS NOT NULL AND j.next_attempt_at_ms <= \(nowMilliseconds)
                  AND NOT (j.destination = ANY(\(closed)))
                  AND (j.business_key IS NULL OR NOT EXISTS (
                        SELECT 1 FROM jobs e
                        WHERE e.business_key = j.business_key AND e.state IN (\(unescaped: blocking))
                          AND e.release_seq IS NOT NULL
                          AND (e.release_seq, e.sequence, e.job_seq) < (j.release_seq, j.sequence, j.job_seq)))
                ORDER BY j.release_seq, j.sequence, j.job_seq
                LIMIT \(Int64(limit * 4 + 16))
                FOR UPDATE OF j SKIP LOCKED
                """, logger: logger)
            var remaining = allowance
            var chosen: [Int64] = []
            for try await (sequence, destination) in candidates.decode((Int64, String).self) {
                guard chosen.count < limit else { continue }
                if let left = remaining[destination] {
                    guard left > 0 else { continue }
                    remaining[destination] = left - 1
                }
                chosen.append(sequence)
            }
            guard !chosen.isEmpty else { return [] }
            let rows = try await connection.query(
                """
                UPDATE jobs j SET state = 'running', attempts = j.attempts + 1,
                                  claimed_until_ms = \(nowMilliseconds + leaseMilliseconds)
                FROM events e
                WHERE e.store_seq = j.event_store_seq AND j.job_seq = ANY(\(chosen)) AND j.state = 'pending'
                RETURNING j.job_seq, j.destination, j.action, j.business_key, j.idempotency_key, j.payload,
                          j.attempts, j.created_at_ms, j.release_seq, j.sequence,
                          e.store_seq, e.source, e.id, e.tenant, e.site, e.agent, e.sequence, e.type, e.subject,
                          e.correlation_id, e.time, e.received_at_ms, e.raw
                """, logger: logger)
            var claimed: [(order: (Int64, Int64, Int64), job: ClaimedJob)] = []
            for try await row in rows {
                let cells = Array(row)
                guard let event = try Self.storedEvent(cells, from: 10) else { continue }
                let jobSequence = try cells[0].decode(Int64.self)
                let request = JobRequest(
                    jobSequence: jobSequence, destination: try cells[1].decode(String.self),
                    action: try cells[2].decode(String.self), businessKey: try cells[3].decode(String?.self),
                    idempotencyKey: try cells[4].decode(String.self),
                    payload: Self.bytes(try cells[5].decode(ByteBuffer.self)),
                    attempt: Int(try cells[6].decode(Int32.self)), event: event)
                claimed.append(
                    (
                        (try cells[8].decode(Int64.self), try cells[9].decode(Int64.self), jobSequence),
                        ClaimedJob(request: request, createdAtMilliseconds: try cells[7].decode(Int64.self))
                    ))
            }
            return claimed.sorted { $0.order < $1.order }.map(\.job)
        }
    }

    public func recordAttempt(_ attempt: JobAttempt, retryAt: Date?, responseBody: String?) async throws {
        let retryMilliseconds = retryAt.map(Self.milliseconds)
        let logger = self.logger
        try await transaction("recording attempt \(attempt.attempt) of job \(attempt.jobSequence)") { connection in
            try await Self.insertAttempt(attempt, on: connection, logger: logger)
            let finished = attempt.startedAtMilliseconds + attempt.durationMilliseconds
            switch attempt.outcome {
            case .done:
                try await connection.query(
                    """
                    UPDATE jobs SET state = 'done', finished_at_ms = \(finished), claimed_until_ms = NULL
                    WHERE job_seq = \(attempt.jobSequence)
                    """, logger: logger)
            case .retry, .interrupted, .replayed:
                try await connection.query(
                    """
                    UPDATE jobs SET state = 'pending', next_attempt_at_ms = \(retryMilliseconds ?? finished),
                                    last_error = \(attempt.message), claimed_until_ms = NULL
                    WHERE job_seq = \(attempt.jobSequence)
                    """, logger: logger)
            case .deadLetter:
                try await connection.query(
                    """
                    UPDATE jobs SET state = 'dead', finished_at_ms = \(finished), last_error = \(attempt.message),
                                    response_body = \(responseBody), claimed_until_ms = NULL
                    WHERE job_seq = \(attempt.jobSequence)
                    """, logger: logger)
            }
        }
    }

    public func replayDeadLetters(_ selector: JobReplaySelector, now: Date) async throws -> [StoredJob] {
        let nowMilliseconds = Self.milliseconds(now)
        let logger = self.logger
        return try await transaction("replaying dead letters (\(selector))") { connection in
            let condition: PostgresQuery =
                switch selector {
                case .eventID(let id):
                    """
                    SELECT job_seq FROM jobs
                    WHERE state = 'dead' AND event_store_seq IN (SELECT store_seq FROM events WHERE id = \(id))
                    ORDER BY job_seq FOR UPDATE
                    """
                case .job(let sequence):
                    "SELECT job_seq FROM jobs WHERE state = 'dead' AND job_seq = \(sequence) FOR UPDATE"
                case .businessKey(let key):
                    """
                    SELECT job_seq FROM jobs WHERE state = 'dead' AND business_key = \(key)
                    ORDER BY job_seq FOR UPDATE
                    """
                case .destination(let name):
                    """
                    SELECT job_seq FROM jobs WHERE state = 'dead' AND destination = \(name)
                    ORDER BY job_seq FOR UPDATE
                    """
                }
            var sequences: [Int64] = []
            for try await sequence in try await connection.query(condition, logger: logger).decode(Int64.self) {
                sequences.append(sequence)
            }
            var replayed: [StoredJob] = []
            for sequence in sequences {
                try await Self.insertAttempt(
                    JobAttempt(
                        jobSequence: sequence, attempt: 0, startedAtMilliseconds: nowMilliseconds,
                        durationMilliseconds: 0, outcome: .replayed, message: "replayed (\(selector))"),
                    on: connection, logger: logger)
                let rows = try await connection.query(
                    """
                    UPDATE jobs SET state = 'pending', attempts = 0, next_attempt_at_ms = \(nowMilliseconds),
                                    finished_at_ms = NULL, response_body = NULL
                    WHERE job_seq = \(sequence)
                    RETURNING \(unescaped: Self.jobColumns)
                    """, logger: logger)
                for try await row in rows { replayed.append(try Self.storedJob(Array(row))) }
            }
            return replayed
        }
    }

    public func jobs(state: JobState?, limit: Int) async throws -> [StoredJob] {
        let query: PostgresQuery =
            if let state {
                """
                SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE state = \(state.rawValue)
                ORDER BY job_seq LIMIT \(Int64(limit))
                """
            } else {
                "SELECT \(unescaped: Self.jobColumns) FROM jobs ORDER BY job_seq LIMIT \(Int64(limit))"
            }
        return try await rows("reading jobs", query).map { try Self.storedJob(Array($0)) }
    }

    public func attempts(ofJob jobSequence: Int64) async throws -> [JobAttempt] {
        try await rows(
            "reading the attempts of job \(jobSequence)",
            """
            SELECT job_seq, attempt, started_at_ms, duration_ms, outcome, http_status, message FROM job_attempts
            WHERE job_seq = \(jobSequence) ORDER BY attempt_seq
            """
        ).map { row in
            let cells = Array(row)
            return JobAttempt(
                jobSequence: try cells[0].decode(Int64.self), attempt: Int(try cells[1].decode(Int32.self)),
                startedAtMilliseconds: try cells[2].decode(Int64.self),
                durationMilliseconds: try cells[3].decode(Int64.self),
                outcome: JobAttempt.Outcome(rawValue: try cells[4].decode(String.self)) ?? .retry,
                httpStatus: try cells[5].decode(Int32?.self).map { Int($0) }, message: try cells[6].decode(String?.self))
        }
    }

    // MARK: - Rows

    private static func insertAttempt(_ attempt: JobAttempt, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO job_attempts (job_seq, attempt, started_at_ms, duration_ms, outcome, http_status, message)
            VALUES (\(attempt.jobSequence), \(Int32(attempt.attempt)), \(attempt.startedAtMilliseconds),
                    \(attempt.durationMilliseconds), \(attempt.outcome.rawValue), \(attempt.httpStatus.map { Int32($0) }),
                    \(attempt.message))
            """, logger: logger)
    }

    static let jobColumns = """
        job_seq, event_store_seq, destination, action, business_key, idempotency_key, state, attempts,
        next_attempt_at_ms, created_at_ms, last_error, response_body
        """

    static func storedJob(_ cells: [PostgresCell]) throws -> StoredJob {
        StoredJob(
            jobSequence: try cells[0].decode(Int64.self), eventStoreSequence: try cells[1].decode(Int64.self),
            destination: try cells[2].decode(String.self), action: try cells[3].decode(String.self),
            businessKey: try cells[4].decode(String?.self), idempotencyKey: try cells[5].decode(String.self),
            state: JobState(rawValue: try cells[6].decode(String.self)) ?? .pending,
            attempts: Int(try cells[7].decode(Int32.self)), nextAttemptAtMilliseconds: try cells[8].decode(Int64.self),
            createdAtMilliseconds: try cells[9].decode(Int64.self), lastError: try cells[10].decode(String?.self),
            responseBody: try cells[11].decode(String?.self))
    }
}
