import WireProtocol

/// One MQTT message on an `…/events` topic, read and checked, ready to be stored.
///
/// Built by ``BatchIngestDecoder``: ``events`` are valid, ``exceptions`` are what failed (an invalid event, an event
/// with another agent's identity, an unknown crossdock event type, or the whole message when it is unreadable).
public struct IngestBatch: Sendable {
    /// The topic it arrived on.
    public var topic: String
    /// The topic's agent identity; `nil` when the topic itself is not a valid crossdock events topic.
    public var identity: AgentIdentity?
    /// When the aggregator received it, in milliseconds since 1970 (UTC).
    public var receivedAtMilliseconds: Int64
    /// The valid events, in batch order.
    public var events: [IncomingEvent]
    /// Everything that failed validation, in batch order.
    public var exceptions: [IngestException]

    /// Creates a batch.
    public init(
        topic: String, identity: AgentIdentity?, receivedAtMilliseconds: Int64, events: [IncomingEvent],
        exceptions: [IngestException]
    ) {
        self.topic = topic
        self.identity = identity
        self.receivedAtMilliseconds = receivedAtMilliseconds
        self.events = events
        self.exceptions = exceptions
    }
}

/// A valid event with the bytes that are stored for it.
public struct IncomingEvent: Sendable {
    /// The event.
    public var event: CloudEvent
    /// The event's JSON as stored: the bytes it arrived as (or, where those are not at hand, its canonical compact
    /// encoding, which keeps every attribute and `data` as received, member order and number text included).
    public var raw: [UInt8]

    /// Creates an incoming event; `raw` defaults to the event's canonical encoding.
    public init(event: CloudEvent, raw: [UInt8]? = nil) {
        self.event = event
        self.raw = raw ?? event.encoded()
    }
}
