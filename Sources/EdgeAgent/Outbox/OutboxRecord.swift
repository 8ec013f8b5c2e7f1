/// One unacknowledged event as the outbox stores it: its sequence, when it was captured, and the encoded
/// CloudEvent, ready to be sent as it is.
public struct OutboxRecord: Sendable, Hashable {
    /// The event's per-agent sequence number.
    public var sequence: UInt64
    /// When the event was captured, in milliseconds since the Unix epoch.
    public var capturedAtMilliseconds: Int64
    /// The encoded CloudEvent (UTF-8 JSON).
    public var body: [UInt8]

    /// Creates a record.
    public init(sequence: UInt64, capturedAtMilliseconds: Int64, body: [UInt8]) {
        self.sequence = sequence
        self.capturedAtMilliseconds = capturedAtMilliseconds
        self.body = body
    }
}

/// A quarantined record as listed from the outbox.
public struct StoredQuarantinedRecord: Sendable, Hashable {
    /// The row's id in the quarantine table.
    public var id: Int64
    /// The record, as the source handed it over.
    public var record: QuarantinedRecord
    /// When it was quarantined, in milliseconds since the Unix epoch.
    public var quarantinedAtMilliseconds: Int64
}
