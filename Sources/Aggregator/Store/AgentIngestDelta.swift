import WireProtocol

/// What one ingest transaction adds to an agent's record: merged into the stored record before the commit.
package struct AgentIngestDelta {
    /// Sequence numbers stored in this transaction (events and exceptions).
    package var received = SequenceRangeSet()
    /// Events written for the first time.
    package var events: Int64 = 0
    /// Exceptions written for the first time.
    package var exceptions: Int64 = 0
    /// Events already stored (redeliveries).
    package var duplicates: Int64 = 0
    /// The latest receive time, in milliseconds since 1970.
    package var lastReceivedAt: Int64 = 0

    /// An empty delta.
    package init() {}

    /// Adds what `receipt` says one batch received at `receivedAt` stored.
    package mutating func add(_ receipt: IngestReceipt, receivedAt: Int64) {
        received.formUnion(receipt.stored)
        events += Int64(receipt.newEvents)
        exceptions += Int64(receipt.newExceptions)
        duplicates += Int64(receipt.duplicateEvents)
        lastReceivedAt = max(lastReceivedAt, receivedAt)
    }
}

extension IngestReceipt {
    /// Counts one exception written with `occurrences` (1 the first time) and, if it has one, its sequence number.
    package mutating func countException(sequence: UInt64?, occurrences: Int64) {
        if occurrences <= 1 { newExceptions += 1 } else { repeatedExceptions += 1 }
        if let sequence {
            stored.insert(sequence)
            exceptions.insert(sequence)
        }
    }
}
