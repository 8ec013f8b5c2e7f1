import WireProtocol

/// What the admin API, the dashboard and the agent status monitor read and write in the store.
///
/// Every read takes an ``AdminScope``; an implementation returns nothing outside it. Every change that an operator
/// makes is written with its ``AuditRecord`` in one transaction.
public protocol AdminStore: Sendable {
    /// Events matching the query, in store order, at most `query.limit` (and whether more follow).
    func adminEvents(_ query: AdminEventQuery) async throws -> AdminEventPage
    /// One event by its store order, with the whole event.
    func adminEvent(storeSequence: Int64, scope: AdminScope) async throws -> AdminEvent?
    /// The business key's events, jobs and attempts.
    func adminTrace(key: String, scope: AdminScope) async throws -> AdminTrace
    /// Exceptions, newest first, optionally only those in `state`.
    func adminExceptions(scope: AdminScope, state: AdminExceptionState?, limit: Int) async throws -> [AdminException]
    /// Moves an exception to `state` with the operator's comment, auditing it in the same transaction.
    func setExceptionState(
        id: Int64, state: AdminExceptionState, scope: AdminScope, audit: AuditRecord
    ) async throws -> ExceptionStateChange
    /// Dead-lettered jobs, oldest first.
    func adminDeadLetters(scope: AdminScope, limit: Int) async throws -> [AdminDeadLetter]
    /// The tenant of a job's event, or `nil` for no such job.
    func tenantOfJob(_ job: Int64) async throws -> String?
    /// Agents known from batches or status, by tenant, site, agent.
    func adminAgents(scope: AdminScope) async throws -> [AdminAgent]
    /// Keeps an agent's latest status (from its retained status topic).
    func recordAgentStatus(_ identity: AgentIdentity, status: AgentStatusRecord) async throws
    /// Jobs and attempts per destination.
    func adminConnectors(scope: AdminScope) async throws -> [AdminConnector]
    /// Stored events per type.
    func adminTypeCounts(scope: AdminScope) async throws -> [AdminTypeCount]
    /// Tenants with their counts.
    func adminTenants(scope: AdminScope) async throws -> [AdminTenant]
    /// Appends to the audit log.
    func appendAudit(_ record: AuditRecord) async throws
    /// The audit log, newest first.
    func auditEntries(scope: AdminScope, limit: Int) async throws -> [AuditEntry]
}

/// An agent's last status as the store keeps it.
public struct AgentStatusRecord: Sendable, Hashable {
    /// `online` or `offline`.
    public var state: String
    /// The agent's software version.
    public var version: String
    /// Unacknowledged events.
    public var backlog: Int64?
    /// Age of the oldest unacknowledged event, in seconds.
    public var oldestUnackedAgeSeconds: Int64?
    /// The reason for `offline`.
    public var reason: String?
    /// The status's own `time`.
    public var time: String
    /// When the aggregator received it (milliseconds since 1970, UTC).
    public var receivedAtMilliseconds: Int64

    /// Creates a record.
    public init(
        state: String, version: String, backlog: Int64?, oldestUnackedAgeSeconds: Int64?, reason: String?,
        time: String, receivedAtMilliseconds: Int64
    ) {
        self.state = state
        self.version = version
        self.backlog = backlog
        self.oldestUnackedAgeSeconds = oldestUnackedAgeSeconds
        self.reason = reason
        self.time = time
        self.receivedAtMilliseconds = receivedAtMilliseconds
    }
}

/// What ``AdminStore/setExceptionState(id:state:scope:audit:)`` did.
public enum ExceptionStateChange: Sendable, Hashable {
    /// The exception moved; this is it now.
    case changed(AdminException)
    /// No such exception in the scope.
    case notFound
    /// It was already resolved; nothing changed.
    case alreadyResolved(AdminException)
}
