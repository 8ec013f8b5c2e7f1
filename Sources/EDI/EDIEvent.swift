/// What the streaming parser reports, in file order.
///
/// Sets arrive as soon as their trailer is read, before their group's and interchange's trailers. A caller that
/// needs all-or-nothing per interchange keeps what it produced until ``interchangeEnded(_:)`` and drops it when
/// the summary has problems; group and interchange problems never arrive without an end event.
public enum EDIEvent: Sendable {
    /// An interchange header was read and is valid.
    case interchangeBegan(EDIInterchangeHeader)
    /// A functional group header was read.
    case groupBegan(EDIGroupHeader)
    /// A complete transaction set or message, with its problems (none when accepted).
    case transactionSet(EDITransactionSet)
    /// A functional group ended (with GE/UNE, or implicitly when its trailer is missing).
    case groupEnded(EDIGroupSummary)
    /// An interchange ended (with IEA/UNZ, or implicitly when its trailer is missing).
    case interchangeEnded(EDIInterchangeSummary)
    /// Input that could not be read as an interchange at all (not EDI, malformed or truncated header); the
    /// parser skips to the next interchange header.
    case rejected(EDIError)
}
