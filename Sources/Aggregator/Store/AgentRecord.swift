import WireProtocol

/// What one agent has delivered to the store.
public struct AgentRecord: Sendable, Hashable {
    /// The agent.
    public var identity: AgentIdentity
    /// Every sequence number received and stored (events and exceptions); gaps show as separate ranges.
    public var received: SequenceRangeSet
    /// Events stored for the first time.
    public var events: Int64
    /// Exceptions stored.
    public var exceptions: Int64
    /// Events received again after they were stored (redeliveries).
    public var duplicates: Int64
    /// When the agent's last batch was stored, in milliseconds since 1970 (UTC).
    public var lastReceivedAtMilliseconds: Int64

    /// Creates a value from its parts (for stores in other modules).
    public init(
        identity: AgentIdentity, received: SequenceRangeSet, events: Int64, exceptions: Int64, duplicates: Int64,
        lastReceivedAtMilliseconds: Int64
    ) {
        self.identity = identity
        self.received = received
        self.events = events
        self.exceptions = exceptions
        self.duplicates = duplicates
        self.lastReceivedAtMilliseconds = lastReceivedAtMilliseconds
    }
}
