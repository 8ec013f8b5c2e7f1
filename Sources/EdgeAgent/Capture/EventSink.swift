/// Where sources hand over what they captured: the agent's outbox.
///
/// Implementations commit the events, the quarantined records and the source's new cursor in **one**
/// transaction, so a crash at any point neither loses a record nor captures it twice.
public protocol EventSink: Sendable {
    /// Commits `events` and `quarantined` together with `cursor`; returns once durable.
    ///
    /// Suspends while the outbox is over its disk quota (backpressure) and resumes when acknowledgements make
    /// room; it never drops events.
    func append(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor) async throws

    /// The cursor last committed for `source`, or `nil` if it never committed one.
    func cursor(for source: String) async throws -> SourceCursor?

    /// Records a problem the source met (a file it cannot read, a database it cannot reach) for `status`; the source
    /// logs it itself. Never throws: the source goes on whatever happens to the record.
    func report(_ problem: SourceProblem) async

    /// Records that `source` works again after a problem it reported; cheap when there was none.
    func clearProblem(source: String) async
}

extension EventSink {
    /// Does nothing: with a sink that has no place for source health, the source's log line is all there is.
    public func report(_ problem: SourceProblem) async {}

    /// Does nothing.
    public func clearProblem(source: String) async {}

    /// Commits `events` together with `cursor`.
    public func append(_ events: [CapturedEvent], cursor: SourceCursor) async throws {
        try await append(events, quarantined: [], cursor: cursor)
    }
}
