/// One attempt at an orchestration job, as a ``Connector`` receives it.
public struct JobRequest: Sendable {
    /// The job's row in the store (`jobs.job_seq`).
    public var jobSequence: Int64
    /// The connector it goes to.
    public var destination: String
    /// What to do there (`shipment.confirm`, `order.release`, `post`, …).
    public var action: String
    /// The business key jobs are ordered by, usually the event's `subject`.
    public var businessKey: String?
    /// Derived from the event and the route: the same for every attempt and every replay.
    public var idempotencyKey: String
    /// What the planner prepared for the connector (for most routes: the event's JSON).
    public var payload: [UInt8]
    /// 1 for the first attempt.
    public var attempt: Int
    /// The event that started the job.
    public var event: StoredEvent

    /// Creates a request.
    public init(
        jobSequence: Int64, destination: String, action: String, businessKey: String?, idempotencyKey: String,
        payload: [UInt8], attempt: Int, event: StoredEvent
    ) {
        self.jobSequence = jobSequence
        self.destination = destination
        self.action = action
        self.businessKey = businessKey
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.attempt = attempt
        self.event = event
    }
}
