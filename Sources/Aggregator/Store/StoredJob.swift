/// An orchestration job as the store holds it.
public struct StoredJob: Sendable, Hashable {
    /// `jobs.job_seq`: the store order of jobs.
    public var jobSequence: Int64
    /// The store order of the event that started it.
    public var eventStoreSequence: Int64
    /// The connector it goes to.
    public var destination: String
    /// What to do there.
    public var action: String
    /// The business key it is ordered by.
    public var businessKey: String?
    /// Sent with every attempt.
    public var idempotencyKey: String
    /// Where it stands.
    public var state: JobState
    /// Attempts since it was written or last replayed.
    public var attempts: Int
    /// When it may next be attempted (milliseconds since 1970, UTC).
    public var nextAttemptAtMilliseconds: Int64
    /// When it was written.
    public var createdAtMilliseconds: Int64
    /// The reason of the last failed attempt.
    public var lastError: String?
    /// A dead letter's response body (truncated), if the destination sent one.
    public var responseBody: String?

    /// Creates a value from its parts (for stores in other modules).
    public init(
        jobSequence: Int64, eventStoreSequence: Int64, destination: String, action: String, businessKey: String?,
        idempotencyKey: String, state: JobState, attempts: Int, nextAttemptAtMilliseconds: Int64,
        createdAtMilliseconds: Int64, lastError: String?, responseBody: String?
    ) {
        self.jobSequence = jobSequence
        self.eventStoreSequence = eventStoreSequence
        self.destination = destination
        self.action = action
        self.businessKey = businessKey
        self.idempotencyKey = idempotencyKey
        self.state = state
        self.attempts = attempts
        self.nextAttemptAtMilliseconds = nextAttemptAtMilliseconds
        self.createdAtMilliseconds = createdAtMilliseconds
        self.lastError = lastError
        self.responseBody = responseBody
    }
}
