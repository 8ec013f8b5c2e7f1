import WireProtocol

/// Decides which orchestration jobs a newly stored event starts: the hook the routing engine implements.
///
/// The store calls ``jobs(for:)`` inside the transaction that stores the event, once per event stored for the
/// first time (never for duplicates), and writes the returned jobs into its `jobs` table in that same transaction
/// (the outbox pattern): the event and its jobs are durable together or not at all. Connectors then work the
/// table. The planner must be fast and must not do I/O: it runs while the store holds its write lock.
public protocol OrchestrationPlanner: Sendable {
    /// The jobs `event` starts; empty when no route matches.
    func jobs(for event: CloudEvent) -> [PlannedJob]
}

/// The planner of an aggregator without routes: no event starts a job.
public struct NoOrchestration: OrchestrationPlanner {
    /// Creates the planner.
    public init() {}

    /// No jobs.
    public func jobs(for event: CloudEvent) -> [PlannedJob] { [] }
}

/// One call a connector must make because of an event.
public struct PlannedJob: Sendable, Hashable {
    /// The connector or system it goes to (`erp`, `tms`, `portal`, a webhook name).
    public var destination: String
    /// What to do there (`shipment.confirm`, `order.release`, …).
    public var action: String
    /// Jobs with the same business key run one after another in the event's `sequence` order.
    public var businessKey: String?
    /// Sent with the call so a replay never acts twice; unique across all jobs (a repeat is not written).
    public var idempotencyKey: String
    /// The request body or whatever the connector needs, as bytes.
    public var payload: [UInt8]

    /// Creates a job.
    public init(destination: String, action: String, businessKey: String?, idempotencyKey: String, payload: [UInt8]) {
        self.destination = destination
        self.action = action
        self.businessKey = businessKey
        self.idempotencyKey = idempotencyKey
        self.payload = payload
    }
}
