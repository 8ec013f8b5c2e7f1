/// Bounds on the JSON the parser accepts, so that hostile input fails fast instead of exhausting memory or stack.
public struct JSONLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes; larger input fails with ``WireProtocolError/Code/tooLarge`` before
    /// any parsing.
    public var maxBytes: Int
    /// The deepest nesting of arrays and objects accepted (the top-level value is depth 1). At most
    /// ``JSONLimits/hardMaxDepth``.
    public var maxDepth: Int

    /// The deepest nesting the parser ever accepts, whatever ``maxDepth`` says.
    public static let hardMaxDepth = 512

    /// 1 MiB and 64 levels: the limits for one event.
    public static let event = JSONLimits(maxBytes: 1 << 20, maxDepth: 64)
    /// 16 MiB and 64 levels: the limits for a batch of events.
    public static let batch = JSONLimits(maxBytes: 16 << 20, maxDepth: 64)

    /// Creates limits.
    public init(maxBytes: Int, maxDepth: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = min(max(1, maxDepth), JSONLimits.hardMaxDepth)
    }
}
