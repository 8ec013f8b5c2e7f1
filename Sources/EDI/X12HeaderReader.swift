/// Reads and checks X12 ISA and GS headers.
enum X12HeaderReader {
    /// What each ISA element must look like: name, and a check returning the expectation when it fails.
    private static let isaRules: [(name: String, expect: String, ok: @Sendable (String) -> Bool)] = [
        ("authorization information qualifier", "2 characters", { $0.trimmingASCIISpaces().utf8.count == 2 }),
        ("authorization information", "at most 10 characters", { $0.utf8.count <= 10 }),
        ("security information qualifier", "2 characters", { $0.trimmingASCIISpaces().utf8.count == 2 }),
        ("security information", "at most 10 characters", { $0.utf8.count <= 10 }),
        ("sender ID qualifier", "2 letters or digits", { isCode($0, 2) }),
        ("sender ID", "1 to 15 characters", { !$0.trimmingASCIISpaces().isEmpty && $0.utf8.count <= 15 }),
        ("receiver ID qualifier", "2 letters or digits", { isCode($0, 2) }),
        ("receiver ID", "1 to 15 characters", { !$0.trimmingASCIISpaces().isEmpty && $0.utf8.count <= 15 }),
        ("interchange date", "6 digits YYMMDD", { digits($0, 6...6) }),
        ("interchange time", "4 digits HHMM", { digits($0, 4...4) }),
        ("repetition separator / standards identifier", "1 character", { $0.utf8.count == 1 }),
        ("interchange control version number", "5 digits such as 00401", { digits($0, 5...5) }),
        ("interchange control number", "up to 9 digits", { digits($0.trimmingASCIISpaces(), 1...9) }),
        ("acknowledgment requested", "0 or 1", { $0 == "0" || $0 == "1" }),
        ("usage indicator", "P, T or I", { $0 == "P" || $0 == "T" || $0 == "I" }),
        ("component element separator", "1 character", { $0.utf8.count == 1 }),
    ]

    static func interchange(_ s: EDISegment, delimiters: EDIDelimiters, file: String) throws(EDIError)
        -> EDIInterchangeHeader
    {
        let position = EDIPosition(
            file: file, segmentIndex: s.index, segmentTag: "ISA", byteOffset: s.byteOffset, line: s.line)
        for (i, rule) in isaRules.enumerated() {
            let value = s[i + 1]
            if !rule.ok(value) {
                var p = position
                let ref = "ISA" + (i + 1 < 10 ? "0\(i + 1)" : "\(i + 1)")
                p.element = ref
                p.elementIndex = i + 1
                let cutShort = value.utf8.contains {
                    !(EDIBytes.isAlphanumeric($0) || $0 == 0x20 || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F)
                }
                let hint =
                    cutShort && i < 15
                    ? "; the ISA looks cut short or garbled — it must have 16 elements before its segment terminator"
                    : ""
                throw EDIError(
                    .invalidInterchangeHeader, at: p,
                    "\(ref) (\(rule.name)) must be \(rule.expect), found '\(EDIBytes.printable(Array(value.utf8)))'\(hint)",
                    badValue: value)
            }
        }
        return EDIInterchangeHeader(
            standard: .x12, delimiters: delimiters, senderQualifier: s[5].trimmingASCIISpaces(),
            senderID: s[6].trimmingASCIISpaces(), receiverQualifier: s[7].trimmingASCIISpaces(),
            receiverID: s[8].trimmingASCIISpaces(), controlNumber: s[13], date: s[9], time: s[10], version: s[12],
            isTest: s[15] == "T", segment: s)
    }

    static func group(_ s: EDISegment) -> EDIGroupHeader {
        EDIGroupHeader(
            functionalID: s[1], applicationSender: s[2], applicationReceiver: s[3], date: s[4], time: s[5],
            controlNumber: s[6], agency: s[7], version: s[8], segment: s)
    }

    private static func isCode(_ v: String, _ n: Int) -> Bool {
        let t = v.trimmingASCIISpaces()
        return !t.isEmpty && t.utf8.count <= n && t.utf8.allSatisfy(EDIBytes.isAlphanumeric)
    }

    private static func digits(_ v: String, _ n: ClosedRange<Int>) -> Bool {
        n.contains(v.utf8.count) && v.utf8.allSatisfy(EDIBytes.isDigit)
    }
}
