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

    /// The event, decoded again from ``raw``.
    public func decoded() throws(WireProtocolError) -> CloudEvent {
        try CloudEvent(jsonBytes: raw)
    }
}
