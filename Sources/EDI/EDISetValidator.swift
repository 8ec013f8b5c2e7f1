/// Checks the segments of one transaction set: segment identifiers, segments from the other standard, and the
/// elements of the segments in ``EDISegmentDictionary``.
struct EDISetValidator: Sendable {
    /// Whether element rules are applied (segment identifiers are always checked).
    var checksElements = true
    /// The most problems reported per set; the rest are summarised by the first ones.
    var maxProblemsPerSet = 20

    private static let x12Envelope: [UInt32] = ["ISA", "IEA", "GS", "GE", "ST", "SE", "ISB", "ISE", "TA1"].map(
        EDISegment.code(ofTag:))
    private static let edifactEnvelope: [UInt32] = ["UNA", "UNB", "UNZ", "UNG", "UNE", "UNH", "UNT"].map(
        EDISegment.code(ofTag:))
    private static let x12Known: [UInt32] = EDISegmentDictionary.x12.keys.map(EDISegment.code(ofTag:))
    private static let edifactKnown: [UInt32] = EDISegmentDictionary.edifact.keys.map(EDISegment.code(ofTag:))
    private static let x12Table = EDITagTable(foreign: edifactEnvelope, own: x12Envelope, known: x12Known)
    private static let edifactTable = EDITagTable(foreign: x12Envelope, own: edifactEnvelope, known: edifactKnown)

    /// Whether a packed tag is 2–3 (X12) or 3 (EDIFACT) upper-case letters or digits, starting with a letter.
    @inline(__always)
    private static func isValidTag(_ code: UInt32, _ standard: EDIStandard) -> Bool {
        let b0 = UInt8(truncatingIfNeeded: code >> 24)
        let b1 = UInt8(truncatingIfNeeded: code >> 16)
        let b2 = UInt8(truncatingIfNeeded: code >> 8)
        let b3 = UInt8(truncatingIfNeeded: code)
        func upperOrDigit(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) }
        func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        if b0 != 0 { return false }
        if b1 == 0 {
            return standard == .x12 && upper(b2) && upperOrDigit(b3)
        }
        return upper(b1) && upperOrDigit(b2) && upperOrDigit(b3)
    }

    func validate(segments: [EDISegment], setID: String, standard: EDIStandard, position: EDIPosition) -> [EDIError] {
        var problems: [EDIError] = []
        let dictionary = standard == .x12 ? EDISegmentDictionary.x12 : EDISegmentDictionary.edifact
        let last = segments.count - 1
        let foreign = standard == .edifact ? Self.x12Envelope : Self.edifactEnvelope
        let own = standard == .x12 ? Self.x12Envelope : Self.edifactEnvelope
        let known = standard == .x12 ? Self.x12Known : Self.edifactKnown
        let trailerCode = EDISegment.code(standard == .x12 ? "SE" : "UNT")
        let table = standard == .x12 ? Self.x12Table : Self.edifactTable
        let ignored = checksElements ? 0 : EDITagTable.known
        for i in segments.indices where i > 0 {
            let code = segments[i].tagCode
            if i == last && code == trailerCode { break }
            // The common case: a well-formed tag that needs no further checks.
            if Self.isValidTag(code, standard) && table.flags(of: code) & ~ignored == 0 { continue }
            if problems.count >= maxProblemsPerSet { break }
            let s = segments[i]
            var p: EDIPosition {
                var p = position
                p.segmentIndex = s.index
                p.segmentInSet = i + 1
                p.segmentTag = s.tag
                p.byteOffset = s.byteOffset
                p.line = s.line
                return p
            }
            if !Self.isValidTag(code, standard) {
                let tag = Array(s.tag.utf8)
                problems.append(
                    EDIError(
                        .unrecognizedSegment, at: p,
                        "'\(EDIBytes.printable(tag))' is not a segment identifier (\(standard == .x12 ? "2 or 3" : "3") upper-case letters or digits); a segment terminator may be missing or wrong",
                        badValue: s.tag))
                continue
            }
            if foreign.contains(code) {
                problems.append(
                    EDIError(
                        .foreignSegment, at: p,
                        "\(s.tag) is an \(standard == .edifact ? "X12" : "EDIFACT") envelope segment; it cannot appear inside an \(standard) \(standard == .x12 ? "transaction set" : "message")"
                    ))
                continue
            }
            if own.contains(code) {
                problems.append(
                    EDIError(
                        .unexpectedSegment, at: p, "envelope segment \(s.tag) inside a transaction set"))
                continue
            }
            if checksElements, known.contains(code), let rules = dictionary[s.tag] {
                problems += check(s, rules: rules, at: p, decimalMark: UInt8(ascii: "."))
            }
        }
        return problems
    }

    private func check(_ s: EDISegment, rules: [EDIElementRule], at position: EDIPosition, decimalMark: UInt8)
        -> [EDIError]
    {
        var problems: [EDIError] = []
        func problem(
            _ code: EDIError.Code, _ rule: EDIElementRule, element: Int, component: Int?, ref: String,
            _ message: String, value: String?
        ) {
            var p = position
            p.element = ref
            p.elementIndex = element
            p.componentIndex = component
            problems.append(EDIError(code, at: p, message, dataElementNumber: rule.number, badValue: value))
        }
        let count = s.elementCount
        if count > rules.count {
            for extra in (rules.count + 1)...count where !s[extra].isEmpty {
                var p = position
                p.element = s.tag + (extra < 10 ? "0\(extra)" : "\(extra)")
                p.elementIndex = extra
                problems.append(
                    EDIError(
                        .tooManyElements, at: p,
                        "\(s.tag) has \(count) elements, at most \(rules.count) are defined; \(p.element!) is '\(s[extra])'",
                        badValue: s[extra]))
                break
            }
        }
        for (k, rule) in rules.enumerated() {
            let n = k + 1
            let reps = s.repetitionCount(n)
            let whole = s[n]
            if whole.isEmpty {
                if rule.required {
                    problem(
                        .elementMissing, rule, element: n, component: nil, ref: rule.ref,
                        "\(rule.ref) (\(rule.name)) is required but missing", value: nil)
                }
                continue
            }
            if reps > rule.maxRepeats {
                problem(
                    .tooManyRepetitions, rule, element: n, component: nil, ref: rule.ref,
                    "\(rule.ref) (\(rule.name)) repeats \(reps) times; it \(rule.maxRepeats == 1 ? "is not a repeating element" : "may repeat \(rule.maxRepeats) times")",
                    value: whole)
                continue
            }
            if case .composite(let parts) = rule.kind {
                let comps = s.componentCount(n)
                if comps > parts.count {
                    problem(
                        .tooManyComponents, rule, element: n, component: nil, ref: rule.ref,
                        "\(rule.ref) (\(rule.name)) has \(comps) components, at most \(parts.count) are defined",
                        value: whole)
                    continue
                }
                for (c, part) in parts.enumerated() {
                    let value = s.component(n, c + 1) ?? ""
                    let ref = "\(rule.ref)-\(c + 1 < 10 ? "0" : "")\(c + 1)"
                    if value.isEmpty {
                        if part.required {
                            problem(
                                .elementMissing, part, element: n, component: c + 1, ref: ref,
                                "\(ref) (\(part.name)) is required but missing", value: nil)
                        }
                        continue
                    }
                    if let (code, expect) = part.check(value, decimalMark: decimalMark) {
                        problem(
                            code, part, element: n, component: c + 1, ref: ref,
                            "\(ref) (\(part.name)) '\(value)' \(expect)", value: value)
                    }
                }
                continue
            }
            if s.componentCount(n) > 1 {
                problem(
                    .tooManyComponents, rule, element: n, component: nil, ref: rule.ref,
                    "\(rule.ref) (\(rule.name)) is a simple element but has \(s.componentCount(n)) components",
                    value: whole)
                continue
            }
            if let (code, expect) = rule.check(whole, decimalMark: decimalMark) {
                problem(
                    code, rule, element: n, component: nil, ref: rule.ref,
                    "\(rule.ref) (\(rule.name)) '\(whole)' \(expect)", value: whole)
            }
        }
        return problems
    }
}
