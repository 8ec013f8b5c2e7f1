/// What `crossdock-agent status` shows about one source besides its cursor: its quarantined records and its last
/// error, read from the outbox file.
public struct SourceHealth: Sendable, Hashable {
    /// The source's configured name.
    public var source: String
    /// How many of its records are quarantined.
    public var quarantinedCount: Int
    /// Problems and quarantined records since the outbox was created.
    public var errorCount: Int
    /// The last problem or quarantine reason, if there was one.
    public var lastError: String?
    /// Where the last problem was (file and line, database, folder).
    public var lastErrorLocation: String?
    /// When it happened (Unix milliseconds).
    public var lastErrorAtMilliseconds: Int64?
    /// Whether the source is failing now (a problem it has not yet got past; quarantined records do not count).
    public var failing: Bool
    /// When the source last got past a problem (Unix milliseconds).
    public var recoveredAtMilliseconds: Int64?

    /// Creates the health of a source with no error recorded.
    public init(source: String) {
        self.source = source
        self.quarantinedCount = 0
        self.errorCount = 0
        self.failing = false
    }
}
