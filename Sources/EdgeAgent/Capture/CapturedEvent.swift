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
    /// The canonical payload (parsed from the pre-encoded JSON each time it is read, for an event created with
    /// ``init(id:source:type:subject:time:correlationID:traceParent:extensions:encodedData:)``).
    public var data: JSONValue? {
        get {
            switch content {
            case .value(let value): return value
            case .encoded(let bytes): return try? JSONValue.parse(bytes, limits: Self.encodedDataLimits)
            }
        }
        set { content = .value(newValue) }
    }

    /// What ``data`` is made from: a JSON value, or the payload's compact JSON written by the source.
    private enum Content: Sendable {
        case value(JSONValue?)
        case encoded([UInt8])
    }

    private var content: Content

    /// Bounds for reading pre-encoded data back as a tree: the source wrote it, so only the nesting the serializer
    /// allows is checked.
    private static let encodedDataLimits = JSONLimits(maxBytes: Int.max, maxDepth: JSONLimits.hardMaxDepth)

    /// Creates a captured event.
    public init(
        id: String, source: String, type: EventType, subject: String? = nil, time: ZonedDateTime,
        correlationID: String? = nil, traceParent: TraceParent? = nil, extensions: JSONObject = JSONObject(),
        data: JSONValue?
    ) {
        self.init(
            id: id, source: source, type: type, subject: subject, time: time, correlationID: correlationID,
            traceParent: traceParent, extensions: extensions, content: .value(data))
    }

    /// Creates a captured event whose payload is already written as JSON, so that it is stored without building a
    /// ``JSONValue`` tree.
    ///
    /// - Parameter encodedData: the payload as one compact JSON value, byte for byte what
    ///   ``JSONValue/encoded(pretty:)`` writes for it (as `EDIMappedEvent.encodedData` is); it is stored as it is.
    public init(
        id: String, source: String, type: EventType, subject: String? = nil, time: ZonedDateTime,
        correlationID: String? = nil, traceParent: TraceParent? = nil, extensions: JSONObject = JSONObject(),
        encodedData: [UInt8]
    ) {
        self.init(
            id: id, source: source, type: type, subject: subject, time: time, correlationID: correlationID,
            traceParent: traceParent, extensions: extensions, content: .encoded(encodedData))
    }

    private init(
        id: String, source: String, type: EventType, subject: String?, time: ZonedDateTime, correlationID: String?,
        traceParent: TraceParent?, extensions: JSONObject, content: Content
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.correlationID = correlationID
        self.traceParent = traceParent
        self.extensions = extensions
        self.content = content
    }

    /// The CloudEvent this becomes once the outbox has given it the agent's identity and its sequence number.
    public func stamped(identity: AgentIdentity, sequence: UInt64) -> CloudEvent {
        stamped(identity: identity, sequence: sequence, data: data)
    }

    private func stamped(identity: AgentIdentity, sequence: UInt64, data: JSONValue?) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, traceParent: traceParent, extensions: extensions, data: data)
    }

    /// The bytes the outbox stores: `stamped(identity:sequence:).encoded()`, with pre-encoded data written as it is
    /// instead of through a ``JSONValue`` tree.
    public func encoded(identity: AgentIdentity, sequence: UInt64) -> [UInt8] {
        switch content {
        case .value(let value):
            return stamped(identity: identity, sequence: sequence, data: value).encoded()
        case .encoded(let bytes):
            return stamped(identity: identity, sequence: sequence, data: nil).encoded(data: bytes)
        }
    }

    /// Compares every member, ``data`` by its JSON value.
    public static func == (a: CapturedEvent, b: CapturedEvent) -> Bool {
        a.id == b.id && a.source == b.source && a.type == b.type && a.subject == b.subject && a.time == b.time
            && a.correlationID == b.correlationID && a.traceParent == b.traceParent && a.extensions == b.extensions
            && a.data == b.data
    }

    /// Hashes every member, ``data`` by its JSON value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(source)
        hasher.combine(type)
        hasher.combine(subject)
        hasher.combine(time)
        hasher.combine(correlationID)
        hasher.combine(traceParent)
        hasher.combine(extensions)
        hasher.combine(data)
    }
}
