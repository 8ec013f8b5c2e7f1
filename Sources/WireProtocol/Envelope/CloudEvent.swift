/// A CloudEvents 1.0 event in structured JSON mode, with crossdock's extension attributes.
///
/// Every event an agent publishes carries, besides the CloudEvents attributes, the agent's identity
/// (`tenant`, `site`, `agent`), its per-agent `sequence`, and optionally a `correlationid` and a W3C
/// `traceparent`. `source` + `id` is the idempotency key; build `id` with ``EventIDBuilder``.
///
/// `data` is kept as raw ``JSONValue`` so it survives decode → encode unchanged, also for event types this
/// build does not know; read it typed with ``payload(as:)``. Attributes this build does not know are kept in
/// ``extensions`` and written back after the known ones, in their original order.
///
/// Encoding is deterministic: `specversion`, `id`, `source`, `type`, `subject`, `time`, `datacontenttype`,
/// `dataschema`, `tenant`, `site`, `agent`, `sequence`, `correlationid`, `traceparent`, then ``extensions``, then
/// `data` last.
public struct CloudEvent: Sendable, Hashable {
    /// The CloudEvents version this type speaks: `1.0`.
    public static let specVersion = "1.0"
    /// The media type of one event in structured mode.
    public static let contentType = "application/cloudevents+json"
    /// The media type of `data`: `application/json`.
    public static let jsonDataContentType = "application/json"
    /// The names of the attributes this type models; others go to ``extensions``.
    public static let knownAttributes: Set<String> = [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data",
        "data_base64", "tenant", "site", "agent", "sequence", "correlationid", "traceparent",
    ]
    /// The largest `sequence` accepted, so that it fits a signed 64-bit column.
    public static let maxSequence = UInt64(Int64.max)

    /// `id`: unique for the `source`; deterministic from the source's cursor (see ``EventIDBuilder``).
    public var id: String
    /// `source`: a URI-reference naming what produced the event (e.g. `/acme/dal1/agent-1/edi/inbound`).
    public var source: String
    /// `type`: what happened, `com.crossdock.<noun>.<verb>.v<N>`.
    public var type: EventType
    /// `subject`: the business key (order, shipment, invoice number).
    public var subject: String?
    /// `time`: when it happened, RFC 3339 with the offset and fraction digits kept. Required by crossdock.
    public var time: ZonedDateTime
    /// `datacontenttype`: `application/json` (the default) or `nil` to omit it.
    public var dataContentType: String?
    /// `dataschema`: an absolute URI of the schema `data` follows.
    public var dataSchema: String?
    /// `tenant`, `site`, `agent`: the publishing agent's identity; must match the topic it was published on.
    public var identity: AgentIdentity
    /// `sequence`: the agent's gap-free, monotonic event counter, from 1 to ``maxSequence``.
    public var sequence: UInt64
    /// `correlationid`: the business key chain (e.g. the sales order number the event belongs to).
    public var correlationID: String?
    /// `traceparent`: the W3C trace context of the work that produced the event.
    public var traceParent: TraceParent?
    /// Other attributes, in their original order. Names of known attributes are ignored when encoding.
    public var extensions: JSONObject
    /// `data`: the payload, kept exactly as read.
    public var data: JSONValue?

    /// Creates an event with raw `data`.
    public init(
        id: String,
        source: String,
        type: EventType,
        subject: String? = nil,
        time: ZonedDateTime,
        identity: AgentIdentity,
        sequence: UInt64,
        correlationID: String? = nil,
        traceParent: TraceParent? = nil,
        dataContentType: String? = CloudEvent.jsonDataContentType,
        dataSchema: String? = nil,
        extensions: JSONObject = JSONObject(),
        data: JSONValue?
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.identity = identity
        self.sequence = sequence
        self.correlationID = correlationID
        self.traceParent = traceParent
        self.extensions = extensions
        self.data = data
    }

    /// The idempotency key, `source` + `id`, as one string (`source` and `id` joined by a space, which neither
    /// a URI-reference nor an ``EventIDBuilder`` id contains).
    public var idempotencyKey: String { "\(source) \(id)" }
}
