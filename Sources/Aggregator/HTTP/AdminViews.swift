import WireProtocol

/// Which rows an admin read may return: one tenant's, or (for a partner-wide key) every tenant's.
public enum AdminScope: Sendable, Hashable {
    /// One tenant's rows only.
    case tenant(String)
    /// Every tenant's rows (partner-wide keys without `?tenant=`).
    case allTenants

    /// The tenant, or `nil` for all.
    public var tenant: String? {
        if case .tenant(let tenant) = self { return tenant }
        return nil
    }
}

/// A filter over stored events for `GET /v1/admin/events`; every field narrows the result.
public struct AdminEventQuery: Sendable, Hashable {
    /// Whose events.
    public var scope: AdminScope
    /// Only this site.
    public var site: String?
    /// Only this event type.
    public var type: String?
    /// Only events whose subject or correlation id is this business key.
    public var businessKey: String?
    /// Only events whose `time` is at or after this (milliseconds since 1970, UTC).
    public var fromMilliseconds: Int64?
    /// Only events whose `time` is before this.
    public var toMilliseconds: Int64?
    /// Only events after this store order (the previous page's `next`).
    public var after: Int64?
    /// At most this many.
    public var limit: Int

    /// Creates a query.
    public init(
        scope: AdminScope, site: String? = nil, type: String? = nil, businessKey: String? = nil,
        fromMilliseconds: Int64? = nil, toMilliseconds: Int64? = nil, after: Int64? = nil, limit: Int = 100
    ) {
        self.scope = scope
        self.site = site
        self.type = type
        self.businessKey = businessKey
        self.fromMilliseconds = fromMilliseconds
        self.toMilliseconds = toMilliseconds
        self.after = after
        self.limit = limit
    }
}

/// A stored event as the admin API shows it.
public struct AdminEvent: Sendable, Hashable, Codable {
    /// The store order.
    public var storeSequence: Int64
    /// `source`.
    public var source: String
    /// `id`.
    public var id: String
    /// The tenant.
    public var tenant: String
    /// The site.
    public var site: String
    /// The publishing agent (or origin).
    public var agent: String
    /// The agent's sequence number.
    public var sequence: Int64
    /// The event type.
    public var type: String
    /// The business key.
    public var subject: String?
    /// The correlation id.
    public var correlationId: String?
    /// The event's `time`.
    public var time: String
    /// When the aggregator stored it.
    public var receivedAt: String
    /// The whole event (only on single reads and traces).
    public var event: JSONValue?
}

/// One page of events; `next` is the `after` of the following page, absent on the last.
public struct AdminEventPage: Sendable, Hashable, Codable {
    /// The events, in store order.
    public var events: [AdminEvent]
    /// Where the next page starts.
    public var next: Int64?
}

/// Where an exception stands for operators.
public enum AdminExceptionState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Not looked at yet.
    case open
    /// Someone is on it.
    case acknowledged
    /// Handled, with a comment.
    case resolved
}

/// An exception as the admin API shows it.
public struct AdminException: Sendable, Hashable, Codable {
    /// The exception's number.
    public var id: Int64
    /// The tenant of the topic it came on, when known.
    public var tenant: String?
    /// The site.
    public var site: String?
    /// The agent.
    public var agent: String?
    /// Why it is an exception.
    public var reason: String
    /// Every problem: `[{path, message}]`.
    public var problems: JSONValue
    /// The topic (or HTTP route) it came on.
    public var topic: String
    /// The event's `source`, when readable.
    public var source: String?
    /// The event's `id`, when readable.
    public var eventId: String?
    /// The event's type, when readable.
    public var type: String?
    /// How many times it arrived.
    public var occurrences: Int64
    /// First arrival.
    public var firstReceivedAt: String
    /// Last arrival.
    public var lastReceivedAt: String
    /// Open, acknowledged or resolved.
    public var state: AdminExceptionState
    /// The last operator's comment.
    public var comment: String?
    /// The key that last changed its state.
    public var updatedBy: String?
    /// When its state last changed.
    public var updatedAt: String?
}

/// An agent as the admin API shows it: what it delivered and its last retained status.
public struct AdminAgent: Sendable, Hashable, Codable {
    /// The tenant.
    public var tenant: String
    /// The site.
    public var site: String
    /// The agent.
    public var agent: String
    /// `online` / `offline` from its status, or `unknown` when no status was seen.
    public var state: String
    /// Its software version.
    public var version: String?
    /// Events in its outbox not yet acknowledged.
    public var backlog: Int64?
    /// Age of its oldest unacknowledged event, in seconds.
    public var oldestUnackedAgeSeconds: Int64?
    /// Why it is offline.
    public var reason: String?
    /// When its last status or batch arrived.
    public var lastSeen: String?
    /// Events stored from it.
    public var events: Int64
    /// Exceptions kept from it.
    public var exceptions: Int64
}

/// A dead-lettered job as the admin API shows it.
public struct AdminDeadLetter: Sendable, Hashable, Codable {
    /// The job's number (`job_seq`), the replay target.
    public var job: Int64
    /// The tenant of its event.
    public var tenant: String
    /// The event's `id`.
    public var eventId: String
    /// The event type.
    public var type: String
    /// The connector.
    public var destination: String
    /// The action there.
    public var action: String
    /// The business key.
    public var businessKey: String?
    /// Attempts made.
    public var attempts: Int64
    /// The reason of the last failure.
    public var lastError: String?
    /// When the job was written.
    public var createdAt: String
}

/// A connector's throughput, failures and circuit breaker, for `GET /v1/admin/connectors`.
public struct AdminConnector: Sendable, Hashable, Codable {
    /// The connector (destination) name.
    public var destination: String
    /// Jobs waiting.
    public var pending: Int64
    /// Jobs being attempted.
    public var running: Int64
    /// Jobs done.
    public var done: Int64
    /// Dead letters.
    public var dead: Int64
    /// Recorded attempts.
    public var attempts: Int64
    /// Attempts that failed (retry or dead letter).
    public var failures: Int64
    /// `failures / attempts` (0 without attempts).
    public var errorRate: Double
    /// The circuit breaker's state (`closed`, `open`, `half-open`), when the job runner runs here.
    public var circuit: String?
}

/// Events of one type, for the flow overview.
public struct AdminTypeCount: Sendable, Hashable, Codable {
    /// The event type.
    public var type: String
    /// How many are stored.
    public var count: Int64
}

/// A tenant the aggregator holds rows of, with counts.
public struct AdminTenant: Sendable, Hashable, Codable {
    /// The tenant.
    public var tenant: String
    /// Events stored.
    public var events: Int64
    /// Exceptions not resolved.
    public var openExceptions: Int64
    /// Agents heard from.
    public var agents: Int64
    /// Orders known to order-to-cash.
    public var orders: Int64
}

/// The story of one business key within a scope: events, jobs and their attempts.
public struct AdminTrace: Sendable, Hashable, Codable {
    /// A job of the trace with its attempts.
    public struct Job: Sendable, Hashable, Codable {
        /// `job_seq`.
        public var job: Int64
        /// The store order of its event.
        public var eventStoreSequence: Int64
        /// The connector.
        public var destination: String
        /// The action.
        public var action: String
        /// `pending`, `running`, `done` or `dead`.
        public var state: String
        /// Attempts made.
        public var attempts: Int64
        /// The last failure.
        public var lastError: String?
        /// Every recorded attempt, in order.
        public var history: [Attempt]
    }

    /// One recorded attempt.
    public struct Attempt: Sendable, Hashable, Codable {
        /// The attempt's number.
        public var attempt: Int64
        /// When it started.
        public var startedAt: String
        /// `done`, `retry`, `dead_letter`, `interrupted` or `replayed`.
        public var outcome: String
        /// The HTTP status, if any.
        public var httpStatus: Int64?
        /// The connector's message.
        public var message: String?
    }

    /// The key asked for.
    public var key: String
    /// Its events in store order, each with the whole event.
    public var events: [AdminEvent]
    /// The jobs of those events or of the key.
    public var jobs: [Job]
}
