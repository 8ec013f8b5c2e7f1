import WireProtocol

/// What an ``EventStore`` did with one ``IngestBatch``: what to acknowledge, and what was new.
public struct IngestReceipt: Sendable, Hashable {
    /// Every sequence number now durably stored, exceptions included: what the agent may delete.
    public var stored: SequenceRangeSet = []
    /// The sequence numbers stored as exceptions (a subset of ``stored``).
    public var exceptions: SequenceRangeSet = []
    /// Events written for the first time.
    public var newEvents = 0
    /// Events that were already stored (same `source` + `id`): acknowledged again, not written again.
    public var duplicateEvents = 0
    /// Exceptions written for the first time.
    public var newExceptions = 0
    /// Exceptions seen before (a redelivery of the same invalid input): counted, not written again.
    public var repeatedExceptions = 0
    /// Orchestration jobs written with the new events.
    public var jobs = 0

    /// Creates an empty receipt.
    public init() {}

    /// The acknowledgement these numbers make, or `nil` when there is no sequence number to acknowledge.
    public func ackMessage() -> AckMessage? {
        stored.isEmpty && exceptions.isEmpty ? nil : AckMessage(stored: stored, exceptions: exceptions)
    }

    /// Adds another receipt's numbers (for one acknowledgement per agent over several batches).
    public mutating func merge(_ other: IngestReceipt) {
        stored.formUnion(other.stored)
        exceptions.formUnion(other.exceptions)
        newEvents += other.newEvents
        duplicateEvents += other.duplicateEvents
        newExceptions += other.newExceptions
        repeatedExceptions += other.repeatedExceptions
        jobs += other.jobs
    }
}
