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
