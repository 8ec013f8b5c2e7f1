/// Builds the 997 functional acknowledgment for one inbound X12 functional group.
///
/// AK1 names the group, one AK2…AK5 per transaction set (AK3 per segment in error with its AK304 code, AK4 per
/// element in error with its AK403 code and a copy of the bad data), AK9 the group result with AK905 codes.
/// ``X12AcknowledgmentWriter`` wraps it in an envelope.
public struct FunctionalAcknowledgment: Sendable, Hashable {
    /// One AK-segment: tag and elements (composites with components joined later).
    public struct Line: Sendable, Hashable {
        /// The segment tag, e.g. `AK5`.
        public var tag: String
        /// Elements; each is a list of components (usually one).
        public var elements: [[String]]
    }

    /// The inbound group header acknowledged.
    public var group: EDIGroupHeader
    /// AK1 through AK9.
    public var lines: [Line]
    /// AK901: `A` accepted, `P` partially accepted, `R` rejected.
    public var groupStatus: String

    /// Builds the acknowledgment for `group` (its summary and its sets, as ``EDIDocument`` collects them).
    public init(group: EDIDocument.Group) {
        let header =
            group.header
            ?? EDIGroupHeader(
                functionalID: "", applicationSender: "", applicationReceiver: "", date: "", time: "",
                controlNumber: "", agency: "", version: "", segment: EDISegment("GS", []))
        self.group = header
        let v5010 = header.version.hasPrefix("00501") || header.version > "00501"
        var lines: [Line] = []
        lines.append(
            Line(
                tag: "AK1",
                elements: [[header.functionalID], [header.controlNumber]] + (v5010 ? [[header.version]] : [])))
        var accepted = 0
        for set in group.sets {
            var ak2: [[String]] = [[set.id], [set.controlNumber]]
            if v5010, let ref = set.implementationReference { ak2.append([ref]) }
            lines.append(Line(tag: "AK2", elements: ak2))
            // Segment problems, grouped per segment in order.
            var bySegment: [(segment: Int, problems: [EDIError])] = []
            for p in set.problems where p.code.level == .segment {
                let k = p.position.segmentInSet ?? 0
                if let i = bySegment.firstIndex(where: { $0.segment == k }) {
                    bySegment[i].problems.append(p)
                } else {
                    bySegment.append((k, [p]))
                }
            }
            for entry in bySegment {
                let first = entry.problems[0]
                let elementProblems = entry.problems.filter { $0.position.elementIndex != nil }
                let segmentCode = elementProblems.count == entry.problems.count ? "8" : Self.segmentCode(first.code)
                lines.append(
                    Line(
                        tag: "AK3",
                        elements: [
                            [first.position.segmentTag ?? ""], [String(entry.segment)], [""], [segmentCode],
                        ]))
                for p in elementProblems.prefix(99) {
                    var position = [String(p.position.elementIndex!)]
                    if let c = p.position.componentIndex { position.append(String(c)) }
                    lines.append(
                        Line(
                            tag: "AK4",
                            elements: [
                                position, [p.dataElementNumber ?? ""], [Self.elementCode(p.code)],
                                [Self.copy(p.badValue ?? "")],
                            ]))
                }
            }
            var codes: [String] = []
            for p in set.problems {
                let c = p.code.level == .segment ? "5" : Self.setCode(p.code)
                if !codes.contains(c) { codes.append(c) }
            }
            if set.isAccepted { accepted += 1 }
            lines.append(Line(tag: "AK5", elements: [[set.isAccepted ? "A" : "R"]] + codes.prefix(5).map { [$0] }))
        }
        let groupProblems = group.summary?.problems ?? []
        var groupCodes: [String] = []
        for p in groupProblems {
            if let c = Self.groupCode(p.code), !groupCodes.contains(c) { groupCodes.append(c) }
        }
        let status: String
        if !groupProblems.isEmpty || (accepted == 0 && !group.sets.isEmpty) {
            status = "R"
        } else if accepted < group.sets.count {
            status = "P"
        } else {
            status = "A"
        }
        groupStatus = status
        let included = group.summary?.declaredSetCount ?? group.sets.count
        lines.append(
            Line(
                tag: "AK9",
                elements: [
                    [status], [String(included)], [String(group.sets.count)],
                    [String(groupProblems.isEmpty ? accepted : 0)],
                ] + groupCodes.prefix(5).map { [$0] }))
        self.lines = lines
    }

    /// AK304 for a segment-level problem.
    static func segmentCode(_ code: EDIError.Code) -> String {
        switch code {
        case .unrecognizedSegment: "1"
        case .foreignSegment, .unexpectedSegment: "2"
        default: "8"
        }
    }

    /// AK403 for an element-level problem.
    static func elementCode(_ code: EDIError.Code) -> String {
        switch code {
        case .elementMissing: "1"
        case .tooManyElements: "3"
        case .elementTooShort: "4"
        case .elementTooLong: "5"
        case .invalidCharacter: "6"
        case .invalidCodeValue: "7"
        case .invalidDate: "8"
        case .invalidTime: "9"
        case .tooManyRepetitions: "12"
        case .tooManyComponents: "13"
        default: "6"
        }
    }

    /// AK502 for a set-level problem.
    static func setCode(_ code: EDIError.Code) -> String {
        switch code {
        case .missingSetTrailer: "2"
        case .setControlMismatch: "3"
        case .setCountMismatch: "4"
        case .invalidSetHeader: "6"
        default: "5"
        }
    }

    /// AK905 for a group-level problem, when X12 has a code for it.
    static func groupCode(_ code: EDIError.Code) -> String? {
        switch code {
        case .missingGroupTrailer: "3"
        case .groupControlMismatch: "4"
        case .groupCountMismatch: "5"
        default: nil
        }
    }

    /// AK404: the bad value, at most 99 characters.
    static func copy(_ value: String) -> String { String(value.prefix(99)) }
}
