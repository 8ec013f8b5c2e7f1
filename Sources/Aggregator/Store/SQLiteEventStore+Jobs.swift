import Foundation
import Shared
import WireProtocol

/// The job runner's side of the store: claim due jobs, record attempts, replay dead letters.
extension SQLiteEventStore: JobStore {
    /// How many jobs of each destination a claim may take: `nil` for any number.
    public typealias DestinationAllowance = JobDestinationAllowance

    /// Claims up to `limit` due `pending` jobs, first retrying `running` jobs whose lease ran out.
    ///
    /// A job is due when its `next_attempt_at_ms` has come and no earlier job of its business key is `pending` or
    /// `running` (nor `dead`, with `deadLetterBlocksKey`). Claimed jobs become `running` with one more attempt and
    /// a lease of `lease`. Destinations in `allowance` get at most that many jobs (0: none, as for an open circuit
    /// breaker; their jobs are not charged an attempt). `working` names the jobs the caller is still attempting: a
    /// slow call outliving its lease has the lease extended, so the same job is never attempted twice at once.
    public func claimDueJobs(
        limit: Int, allowance: DestinationAllowance = [:], lease: Duration, deadLetterBlocksKey: Bool = false,
        working: Set<Int64> = [], now: Date = Date()
    ) async throws -> [ClaimedJob] {
        let nowMilliseconds = Self.milliseconds(now)
        let leaseMilliseconds = lease.millisecondsValue
        let closed = allowance.filter { $0.value <= 0 }.keys.sorted()
        let closedJSON = JSONValue.array(closed.map(JSONValue.string)).description
        return try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> [ClaimedJob] in
                try Self.reclaimExpiredLeases(
                    in: database, nowMilliseconds: nowMilliseconds, working: working,
                    extendedUntil: nowMilliseconds + leaseMilliseconds)
                guard limit > 0 else { return [] }
                let candidates = try database.rows(
                    deadLetterBlocksKey ? Self.selectDueJobsDeadBlocks : Self.selectDueJobs,
                    [.integer(nowMilliseconds), .text(closedJSON), .integer(Int64(limit * 4 + 16))])
                var remaining = allowance
                var claimed: [ClaimedJob] = []
                for row in candidates where claimed.count < limit {
                    let destination = row[1].text ?? ""
                    if let left = remaining[destination] {
                        guard left > 0 else { continue }
                        remaining[destination] = left - 1
                    }
                    let jobSequence = row[0].integer ?? 0
                    guard
                        let job = try database.rows(
                            Self.claimJob, [.integer(nowMilliseconds + leaseMilliseconds), .integer(jobSequence)]
                        ).first
                    else { continue }
                    if let job = try Self.claimedJob(from: job, in: database) { claimed.append(job) }
                }
                return claimed
            }
        }
    }

    /// Records how an attempt ended and moves the job on: `done`, back to `pending` at `retryAt`, or `dead`.
    ///
    /// - Parameters:
    ///   - retryAt: when the next attempt may start, for a `retry` outcome.
    ///   - responseBody: a dead letter's response body, kept for the operator.
    public func recordAttempt(_ attempt: JobAttempt, retryAt: Date? = nil, responseBody: String? = nil) async throws {
        let retryMilliseconds = retryAt.map(Self.milliseconds)
        try await withDatabase { database in
            try database.write { database throws(SQLiteError) in
                try Self.insertAttempt(attempt, in: database)
                let finished = attempt.startedAtMilliseconds + attempt.durationMilliseconds
                switch attempt.outcome {
                case .done:
                    try database.run(
                        "UPDATE jobs SET state = 'done', finished_at_ms = ?2, claimed_until_ms = NULL WHERE job_seq = ?1",
                        [.integer(attempt.jobSequence), .integer(finished)])
                case .retry, .interrupted, .replayed:
                    try database.run(
                        """
                        UPDATE jobs SET state = 'pending', next_attempt_at_ms = ?2, last_error = ?3, claimed_until_ms = NULL
                        WHERE job_seq = ?1
                        """,
                        [.integer(attempt.jobSequence), .integer(retryMilliseconds ?? finished), attempt.message.map(SQLiteValue.text) ?? .null])
                case .deadLetter:
                    try database.run(
                        """
                        UPDATE jobs SET state = 'dead', finished_at_ms = ?2, last_error = ?3, response_body = ?4,
                                        claimed_until_ms = NULL
                        WHERE job_seq = ?1
                        """,
                        [
                            .integer(attempt.jobSequence), .integer(finished), attempt.message.map(SQLiteValue.text) ?? .null,
                            responseBody.map(SQLiteValue.text) ?? .null,
                        ])
                }
            }
        }
    }

    /// Makes the dead letters `selector` names `pending` again, due now, with their attempt count reset, and
    /// records a `replayed` entry for each; returns them as they are now.
    public func replayDeadLetters(_ selector: JobReplaySelector, now: Date = Date()) async throws -> [StoredJob] {
        let nowMilliseconds = Self.milliseconds(now)
        return try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> [StoredJob] in
                let (condition, value): (String, SQLiteValue) =
                    switch selector {
                    case .eventID(let id): ("event_store_seq IN (SELECT store_seq FROM events WHERE id = ?1)", .text(id))
                    case .job(let sequence): ("job_seq = ?1", .integer(sequence))
                    case .businessKey(let key): ("business_key = ?1", .text(key))
                    case .destination(let name): ("destination = ?1", .text(name))
                    }
                let sequences = try database.rows(
                    "SELECT job_seq FROM jobs WHERE state = 'dead' AND \(condition) ORDER BY job_seq", [value]
                ).compactMap { $0[0].integer }
                var replayed: [StoredJob] = []
                for sequence in sequences {
                    try Self.insertAttempt(
                        JobAttempt(
                            jobSequence: sequence, attempt: 0, startedAtMilliseconds: nowMilliseconds,
                            durationMilliseconds: 0, outcome: .replayed, message: "replayed (\(selector))"),
                        in: database)
                    try database.run(
                        """
                        UPDATE jobs SET state = 'pending', attempts = 0, next_attempt_at_ms = ?2, finished_at_ms = NULL,
                                        response_body = NULL
                        WHERE job_seq = ?1
                        """, [.integer(sequence), .integer(nowMilliseconds)])
                    if let job = try database.rows(Self.selectJob + " WHERE job_seq = ?1", [.integer(sequence)]).first {
                        replayed.append(Self.storedJob(from: job))
                    }
                }
                return replayed
            }
        }
    }

    /// Jobs, in store order, optionally only those in `state`.
    public func jobs(state: JobState? = nil, limit: Int = 1000) async throws -> [StoredJob] {
        try await withDatabase { database in
            let filter = state.map { " WHERE state = '\($0.rawValue)'" } ?? ""
            return try database.rows(Self.selectJob + filter + " ORDER BY job_seq LIMIT ?1", [.integer(Int64(limit))])
                .map(Self.storedJob(from:))
        }
    }

    /// The recorded attempts of a job, in order.
    public func attempts(ofJob jobSequence: Int64) async throws -> [JobAttempt] {
        try await withDatabase { database in
            try database.rows(Self.selectAttempts + " WHERE job_seq = ?1 ORDER BY attempt_seq", [.integer(jobSequence)])
                .map(Self.jobAttempt(from:))
        }
    }

    // MARK: - Rows

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// Puts running jobs whose lease ran out back to `pending` (their process died mid-attempt), except the ones
    /// in `working`: the caller is still attempting those, so their lease is extended to `extendedUntil` instead.
    private static func reclaimExpiredLeases(
        in database: SQLiteConnection, nowMilliseconds: Int64, working: Set<Int64>, extendedUntil: Int64
    ) throws(SQLiteError) {
        let expired = try database.rows(
            "SELECT job_seq, attempts, claimed_until_ms FROM jobs WHERE state = 'running' AND claimed_until_ms < ?1",
            [.integer(nowMilliseconds)])
        for row in expired {
            let sequence = row[0].integer ?? 0
            if working.contains(sequence) {
                try database.run(
                    "UPDATE jobs SET claimed_until_ms = ?2 WHERE job_seq = ?1",
                    [.integer(sequence), .integer(extendedUntil)])
                continue
            }
            try insertAttempt(
                JobAttempt(
                    jobSequence: sequence, attempt: Int(row[1].integer ?? 0), startedAtMilliseconds: nowMilliseconds,
                    durationMilliseconds: 0, outcome: .interrupted,
                    message: "the attempt did not finish (the aggregator stopped or its lease ran out); retrying"),
                in: database)
            try database.run(
                """
                UPDATE jobs SET state = 'pending', next_attempt_at_ms = ?2, claimed_until_ms = NULL,
                                last_error = 'interrupted'
                WHERE job_seq = ?1
                """, [.integer(sequence), .integer(nowMilliseconds)])
        }
    }

    private static func insertAttempt(_ attempt: JobAttempt, in database: SQLiteConnection) throws(SQLiteError) {
        try database.run(
            """
            INSERT INTO job_attempts (job_seq, attempt, started_at_ms, duration_ms, outcome, http_status, message)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """,
            [
                .integer(attempt.jobSequence), .integer(Int64(attempt.attempt)), .integer(attempt.startedAtMilliseconds),
                .integer(attempt.durationMilliseconds), .text(attempt.outcome.rawValue),
                attempt.httpStatus.map { .integer(Int64($0)) } ?? .null, attempt.message.map(SQLiteValue.text) ?? .null,
            ])
    }

    private static let dueCondition = """
        SELECT j.job_seq, j.destination FROM jobs j
        WHERE j.state = 'pending' AND j.next_attempt_at_ms <= ?1
          AND j.destination NOT IN (SELECT value FROM json_each(?2))
          AND (j.business_key IS NULL OR NOT EXISTS (
                SELECT 1 FROM jobs e
                WHERE e.business_key = j.business_key AND e.job_seq < j.job_seq AND e.state IN
        """

    static let selectDueJobs = dueCondition + " ('pending', 'running'))) ORDER BY j.job_seq LIMIT ?3"
    static let selectDueJobsDeadBlocks = dueCondition + " ('pending', 'running', 'dead'))) ORDER BY j.job_seq LIMIT ?3"

    private static let claimJob = """
        UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_until_ms = ?1
        WHERE job_seq = ?2 AND state = 'pending'
        RETURNING job_seq, destination, action, business_key, idempotency_key, payload, attempts, created_at_ms,
                  event_store_seq
        """

    private static func claimedJob(from row: SQLiteRow, in database: SQLiteConnection) throws(SQLiteError)
        -> ClaimedJob?
    {
        guard
            let eventRow = try database.rows(selectStoredEvent + " WHERE store_seq = ?1", [row[8]]).first,
            let event = storedEvent(from: eventRow)
        else { return nil }
        let request = JobRequest(
            jobSequence: row[0].integer ?? 0, destination: row[1].text ?? "", action: row[2].text ?? "",
            businessKey: row[3].text, idempotencyKey: row[4].text ?? "", payload: row[5].blob ?? [],
            attempt: Int(row[6].integer ?? 1), event: event)
        return ClaimedJob(request: request, createdAtMilliseconds: row[7].integer ?? 0)
    }

    static let selectJob = """
        SELECT job_seq, event_store_seq, destination, action, business_key, idempotency_key, state, attempts,
               next_attempt_at_ms, created_at_ms, last_error, response_body
        FROM jobs
        """

    static func storedJob(from row: SQLiteRow) -> StoredJob {
        StoredJob(
            jobSequence: row[0].integer ?? 0, eventStoreSequence: row[1].integer ?? 0, destination: row[2].text ?? "",
            action: row[3].text ?? "", businessKey: row[4].text, idempotencyKey: row[5].text ?? "",
            state: JobState(rawValue: row[6].text ?? "") ?? .pending, attempts: Int(row[7].integer ?? 0),
            nextAttemptAtMilliseconds: row[8].integer ?? 0, createdAtMilliseconds: row[9].integer ?? 0,
            lastError: row[10].text, responseBody: row[11].text)
    }

    static let selectAttempts = """
        SELECT job_seq, attempt, started_at_ms, duration_ms, outcome, http_status, message FROM job_attempts
        """

    static func jobAttempt(from row: SQLiteRow) -> JobAttempt {
        JobAttempt(
            jobSequence: row[0].integer ?? 0, attempt: Int(row[1].integer ?? 0), startedAtMilliseconds: row[2].integer ?? 0,
            durationMilliseconds: row[3].integer ?? 0, outcome: JobAttempt.Outcome(rawValue: row[4].text ?? "") ?? .retry,
            httpStatus: row[5].integer.map { Int($0) }, message: row[6].text)
    }

    static let selectStoredEvent = """
        SELECT store_seq, source, id, tenant, site, agent, sequence, type, subject, correlation_id, time,
               received_at_ms, raw
        FROM events
        """

    static func storedEvent(from row: SQLiteRow) -> StoredEvent? {
        guard let identity = try? AgentIdentity(tenant: row[3].text ?? "", site: row[4].text ?? "", agent: row[5].text ?? "")
        else { return nil }
        return StoredEvent(
            storeSequence: row[0].integer ?? 0, source: row[1].text ?? "", id: row[2].text ?? "", identity: identity,
            sequence: UInt64(row[6].integer ?? 0), type: row[7].text ?? "", subject: row[8].text,
            correlationID: row[9].text, time: row[10].text ?? "", receivedAtMilliseconds: row[11].integer ?? 0,
            raw: row[12].blob ?? [])
    }
}
