import WireProtocol

/// An exception as the store holds it: invalid input kept for an operator.
public struct StoredException: Sendable, Hashable {
    /// The store's row number.
    public var storeSequence: Int64
    /// Why it is an exception.
    public var reason: ExceptionReason
    /// Every problem, as the JSON array written by ``IngestException/problemsJSON``.
    public var problemsJSON: String
    /// The topic it arrived on.
    public var topic: String
    /// The topic's agent, when the topic was valid.
    public var identity: AgentIdentity?
    /// The event's `sequence`, when readable.
    public var sequence: UInt64?
    /// The event's `source`, when readable.
    public var source: String?
    /// The event's `id`, when readable.
    public var eventID: String?
    /// The event's `type`, when readable.
    public var type: String?
    /// The input, capped.
    public var raw: [UInt8]
    /// The input's size before capping.
    public var rawSize: Int
    /// How many times the same input arrived.
    public var occurrences: Int

    /// Creates a value from its parts (for stores in other modules).
    public init(
        storeSequence: Int64, reason: ExceptionReason, problemsJSON: String, topic: String, identity: AgentIdentity?,
        sequence: UInt64?, source: String?, eventID: String?, type: String?, raw: [UInt8], rawSize: Int,
        occurrences: Int
    ) {
        self.storeSequence = storeSequence
        self.reason = reason
        self.problemsJSON = problemsJSON
        self.topic = topic
        self.identity = identity
        self.sequence = sequence
        self.source = source
        self.eventID = eventID
        self.type = type
        self.raw = raw
        self.rawSize = rawSize
        self.occurrences = occurrences
    }
}
