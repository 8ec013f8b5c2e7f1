import WireProtocol

/// An event as the store holds it.
public struct StoredEvent: Sendable, Hashable {
    /// The store's ingest order (1, 2, 3, … per database).
    public var storeSequence: Int64
    /// The `source` attribute.
    public var source: String
    /// The `id` attribute.
    public var id: String
    /// The publishing agent.
    public var identity: AgentIdentity
    /// The agent's `sequence`.
    public var sequence: UInt64
    /// The `type` attribute.
    public var type: String
    /// The `subject` attribute (the business key).
    public var subject: String?
    /// The `correlationid` attribute.
    public var correlationID: String?
    /// The `time` attribute as written.
    public var time: String
    /// When the aggregator stored it, in milliseconds since 1970 (UTC).
    public var receivedAtMilliseconds: Int64
    /// The event's JSON.
    public var raw: [UInt8]

    /// Creates a value from its parts (for stores in other modules).
    public init(
        storeSequence: Int64, source: String, id: String, identity: AgentIdentity, sequence: UInt64, type: String,
        subject: String?, correlationID: String?, time: String, receivedAtMilliseconds: Int64, raw: [UInt8]
    ) {
        self.storeSequence = storeSequence
        self.source = source
        self.id = id
        self.identity = identity
        self.sequence = sequence
        self.type = type
        self.subject = subject
        self.correlationID = correlationID
        self.time = time
        self.receivedAtMilliseconds = receivedAtMilliseconds
        self.raw = raw
    }

    /// The event, decoded again from ``raw``.
    public func decoded() throws(WireProtocolError) -> CloudEvent {
        try CloudEvent(jsonBytes: raw)
    }
}
