/// One transaction set (X12 ST…SE) or message (EDIFACT UNH…UNT) with its envelope context.
///
/// A set is delivered when its trailer has been read. ``problems`` lists everything wrong with it (counts,
/// control numbers, segment and element syntax); a set with problems is rejected, and a 997 reports it.
public struct EDITransactionSet: Sendable, Hashable {
    /// The interchange the set arrived in.
    public var interchange: EDIInterchangeHeader
    /// The functional group, or `nil` for an EDIFACT message outside any UNG group.
    public var group: EDIGroupHeader?
    /// The set identifier (ST01, e.g. `856`; UNH02-1, e.g. `DESADV`).
    public var id: String
    /// The set control number (ST02, UNH01) exactly as written.
    public var controlNumber: String
    /// The implementation convention reference (ST03) or EDIFACT message version (`D:97B:UN`), when present.
    public var implementationReference: String?
    /// All segments from header to trailer inclusive.
    public var segments: [EDISegment]
    /// Why the set is rejected; empty when it is accepted.
    public var problems: [EDIError]

    /// Creates a set.
    public init(
        interchange: EDIInterchangeHeader, group: EDIGroupHeader?, id: String, controlNumber: String,
        implementationReference: String?, segments: [EDISegment], problems: [EDIError]
    ) {
        self.interchange = interchange
        self.group = group
        self.id = id
        self.controlNumber = controlNumber
        self.implementationReference = implementationReference
        self.segments = segments
        self.problems = problems
    }

    /// Whether the set has no problems.
    public var isAccepted: Bool { problems.isEmpty }

    /// The segments between header and trailer (the business content).
    public var body: ArraySlice<EDISegment> {
        segments.count >= 2 ? segments[1..<(segments.count - 1)] : segments[...]
    }
}
