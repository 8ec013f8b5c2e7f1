import Foundation

/// How many jobs of each destination a claim may take; a destination not named may take any number.
public typealias JobDestinationAllowance = [String: Int]

/// Where the ``JobRunner`` finds its work: the seam between the job runner and the database holding the jobs.
///
/// ``SQLiteEventStore`` implements it for one host; a PostgreSQL store implements it for several aggregator
/// instances sharing one database. Whatever the database, an implementation must:
///
/// - never hand the same job to two claims while it is `running` under an unexpired lease, also when several
///   instances claim at once;
/// - keep the order per business key: a job is claimed only when no earlier job of its key is `pending` or
///   `running` (nor `dead`, when dead letters block their key);
/// - charge an attempt on every claim, and put a job whose lease ran out back to `pending` with an `interrupted`
///   attempt, except the jobs the caller says it is still working on, whose lease is extended instead;
/// - record every attempt and move the job on (`done`, `pending` at its retry time, or `dead`) in one transaction.
public protocol JobStore: Sendable {
    /// Claims up to `limit` due `pending` jobs, first retrying `running` jobs whose lease ran out.
    ///
    /// Destinations in `allowance` get at most that many jobs (0: none, as for an open circuit breaker; their jobs
    /// are not charged an attempt). `working` names the jobs the caller is still attempting: their lease is
    /// extended rather than reclaimed. `limit` 0 only reclaims and extends leases.
    func claimDueJobs(
        limit: Int, allowance: JobDestinationAllowance, lease: Duration, deadLetterBlocksKey: Bool,
        working: Set<Int64>, now: Date
    ) async throws -> [ClaimedJob]

    /// Records how an attempt ended and moves the job on: `done`, back to `pending` at `retryAt`, or `dead`.
    func recordAttempt(_ attempt: JobAttempt, retryAt: Date?, responseBody: String?) async throws

    /// Makes the dead letters `selector` names `pending` again, due now, with their attempt count reset, and
    /// records a `replayed` entry for each; returns them as they are now.
    func replayDeadLetters(_ selector: JobReplaySelector, now: Date) async throws -> [StoredJob]

    /// Jobs, in store order, optionally only those in `state`.
    func jobs(state: JobState?, limit: Int) async throws -> [StoredJob]

    /// The recorded attempts of a job, in order.
    func attempts(ofJob jobSequence: Int64) async throws -> [JobAttempt]
}
