/// The EDI standard an interchange is written in.
public enum EDIStandard: String, Sendable, Hashable, CustomStringConvertible {
    /// ASC X12 (ISA/GS/ST envelopes).
    case x12 = "X12"
    /// UN/EDIFACT (UNA/UNB/UNG/UNH envelopes).
    case edifact = "EDIFACT"

    /// The standard's usual name.
    public var description: String { rawValue }
}
