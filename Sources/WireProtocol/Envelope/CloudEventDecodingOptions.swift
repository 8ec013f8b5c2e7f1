/// How strictly events and batches are read.
public struct CloudEventDecodingOptions: Sendable, Hashable {
    /// The largest event accepted, in bytes (1 MiB by default). In a batch, each event's own bytes count.
    public var maxEventBytes: Int
    /// The largest batch accepted, in bytes (16 MiB by default).
    public var maxBatchBytes: Int
    /// The deepest nesting of arrays and objects accepted, counting from the batch array (64 by default).
    public var maxDepth: Int
    /// Whether `data` of known event types is checked against its payload type (true by default).
    public var validatesData: Bool
    /// When set, each event's `tenant`, `site` and `agent` must equal it (the identity of the topic the message
    /// arrived on).
    public var expectedIdentity: AgentIdentity?

    /// Creates options; the defaults suit the aggregator's ingest.
    public init(
        maxEventBytes: Int = 1 << 20,
        maxBatchBytes: Int = 16 << 20,
        maxDepth: Int = 64,
        validatesData: Bool = true,
        expectedIdentity: AgentIdentity? = nil
    ) {
        self.maxEventBytes = maxEventBytes
        self.maxBatchBytes = maxBatchBytes
        self.maxDepth = maxDepth
        self.validatesData = validatesData
        self.expectedIdentity = expectedIdentity
    }
}
