/// Everything the store knows about one business key: its events, their jobs and every attempt, for `trace`.
public struct BusinessKeyTrace: Sendable, Hashable {
    /// The key asked for (a subject or a correlation id).
    public var key: String
    /// Events whose subject or correlation id is the key, or that started a job of the key; in store order.
    public var events: [StoredEvent]
    /// Jobs of those events or of the key, in store order.
    public var jobs: [StoredJob]
    /// Attempts (and replays) per job, in order.
    public var attempts: [Int64: [JobAttempt]]
}
