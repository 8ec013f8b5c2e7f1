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
