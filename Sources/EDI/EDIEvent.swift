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

/// The end of a functional group: counts and the group-level problems.
public struct EDIGroupSummary: Sendable, Hashable {
    /// The interchange the group arrived in.
    public var interchange: EDIInterchangeHeader
    /// The group header, or `nil` for the implicit group of EDIFACT messages outside UNG.
    public var header: EDIGroupHeader?
    /// The set count the trailer declares (GE01, UNE01), when there was a trailer.
    public var declaredSetCount: Int?
    /// The number of sets counted.
    public var setCount: Int
    /// The number of sets without problems.
    public var acceptedSetCount: Int
    /// Group-level problems (trailer counts, control numbers, segments outside sets, missing trailer).
    public var problems: [EDIError]

    /// Creates a summary.
    public init(
        interchange: EDIInterchangeHeader, header: EDIGroupHeader?, declaredSetCount: Int?, setCount: Int,
        acceptedSetCount: Int, problems: [EDIError]
    ) {
        self.interchange = interchange
        self.header = header
        self.declaredSetCount = declaredSetCount
        self.setCount = setCount
        self.acceptedSetCount = acceptedSetCount
        self.problems = problems
    }
}

/// The end of an interchange: counts and the interchange-level problems.
public struct EDIInterchangeSummary: Sendable, Hashable {
    /// The interchange header.
    public var header: EDIInterchangeHeader
    /// The count the trailer declares (IEA01, UNZ01), when there was a trailer.
    public var declaredCount: Int?
    /// The number of groups counted (or, for EDIFACT without groups, messages).
    public var count: Int
    /// Interchange-level problems; when not empty the whole interchange is rejected.
    public var problems: [EDIError]

    /// Creates a summary.
    public init(header: EDIInterchangeHeader, declaredCount: Int?, count: Int, problems: [EDIError]) {
        self.header = header
        self.declaredCount = declaredCount
        self.count = count
        self.problems = problems
    }
}
