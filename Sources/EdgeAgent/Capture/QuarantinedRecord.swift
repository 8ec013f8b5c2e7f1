/// Input a source could not turn into an event: kept, with the reason, where operators can see it.
///
/// A quarantined record is committed together with the source's cursor, so the source moves past it without
/// losing it: nothing is dropped silently.
public struct QuarantinedRecord: Sendable, Hashable {
    /// The source's configured name.
    public var source: String
    /// Where the input was: `/var/spool/wms/orders.csv:1842` (file and line), `orders pk=1042`, a file name.
    public var location: String
    /// What is wrong and what to do, one line.
    public var reason: String
    /// The raw input, capped at ``maxRawBytes``.
    public var raw: [UInt8]

    /// The most raw bytes kept per record.
    public static let maxRawBytes = 64 * 1024

    /// Creates a quarantined record; `raw` is cut to ``maxRawBytes``.
    public init(source: String, location: String, reason: String, raw: some Collection<UInt8>) {
        self.source = source
        self.location = location
        self.reason = reason
        self.raw = Array(raw.prefix(Self.maxRawBytes))
    }
}
