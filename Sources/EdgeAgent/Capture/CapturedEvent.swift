import WireProtocol

/// An event a source has read and mapped to the canonical model, before the outbox stamps the agent's identity
/// and its `sequence` on it.
///
/// `id` must be deterministic (built with ``EventIDBuilder`` from the source's cursor), so that reading the same
/// record again yields the same id and the aggregator's deduplication on `source` + `id` holds.
public struct CapturedEvent: Sendable, Hashable {
    /// Deterministic event id.
    public var id: String
    /// What produced the event, a URI-reference (`/acme/dal1/agent-1/file/orders`).
    public var source: String
    /// What happened.
    public var type: EventType
    /// The business key.
    public var subject: String?
    /// When it happened.
    public var time: ZonedDateTime
    /// The business key chain.
    public var correlationID: String?
    /// Trace context, if the input carried one.
    public var traceParent: TraceParent?
    /// Extra CloudEvents attributes.
    public var extensions: JSONObject
    /// The canonical payload.
    public var data: JSONValue?

    /// Creates a captured event.
    public init(
        id: String, source: String, type: EventType, subject: String? = nil, time: ZonedDateTime,
        correlationID: String? = nil, traceParent: TraceParent? = nil, extensions: JSONObject = JSONObject(),
        data: JSONValue?
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.correlationID = correlationID
        self.traceParent = traceParent
        self.extensions = extensions
        self.data = data
    }

    /// The CloudEvent this becomes once the outbox has given it the agent's identity and its sequence number.
    public func stamped(identity: AgentIdentity, sequence: UInt64) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, traceParent: traceParent, extensions: extensions, data: data)
    }
}
