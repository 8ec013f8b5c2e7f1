/// One recorded attempt at a job (or a replay of it), for `trace`.
public struct JobAttempt: Sendable, Hashable {
    /// How an attempt ended.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The destination accepted it.
        case done
        /// A transient failure; retried after a backoff.
        case retry
        /// A permanent failure, or the last allowed attempt failed: parked as a dead letter.
        case deadLetter = "dead_letter"
        /// The process stopped during the attempt (killed, or its lease ran out); retried.
        case interrupted
        /// Not an attempt: an operator replayed the dead letter.
        case replayed
    }

    /// The job.
    public var jobSequence: Int64
    /// The attempt's number (1 for the first since the job was written or replayed).
    public var attempt: Int
    /// When it started (milliseconds since 1970, UTC).
    public var startedAtMilliseconds: Int64
    /// How long it took.
    public var durationMilliseconds: Int64
    /// How it ended.
    public var outcome: Outcome
    /// The HTTP status, when the destination answered over HTTP.
    public var httpStatus: Int?
    /// The connector's detail or reason.
    public var message: String?

    /// Creates a record.
    public init(
        jobSequence: Int64, attempt: Int, startedAtMilliseconds: Int64, durationMilliseconds: Int64, outcome: Outcome,
        httpStatus: Int? = nil, message: String? = nil
    ) {
        self.jobSequence = jobSequence
        self.attempt = attempt
        self.startedAtMilliseconds = startedAtMilliseconds
        self.durationMilliseconds = durationMilliseconds
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.message = message
    }
}
