import EDI

/// Small X12 interchanges built in code for unit tests.
enum X12Samples {
    /// A valid 856 interchange with the given delimiters; `terminator` may be several bytes, `after` follows each
    /// terminator (e.g. "\n" or "\r\n").
    static func shipNotice(
        element: String = "*", component: String = ">", terminator: String = "~", after: String = "\n",
        control: String = "000000905", version: String = "00401", repetition: String = "U"
    ) -> String {
        let isa = [
            "ISA", "00", "          ", "00", "          ", "ZZ", "ACMEWMS        ", "ZZ", "CROSSDOCK      ", "260714",
            "1200", repetition, version, control, "0", "P", component,
        ].joined(separator: element)
        let rows: [[String]] = [
            ["GS", "SH", "ACMEWMS", "CROSSDOCK", "20260714", "1200", "1", "X", "004010"],
            ["ST", "856", "0001"],
            ["BSN", "00", "SHIP1", "20260714", "1200"],
            ["HL", "1", "", "S"],
            ["REF", "BM", "BOL-1"],
            ["HL", "2", "1", "O"],
            ["PRF", "PO-9"],
            ["HL", "3", "2", "P"],
            ["MAN", "GM", "00000123456000000005"],
            ["HL", "4", "3", "I"],
            ["LIN", "1", "VN", "ITEM" + component + "A"],
            ["SN1", "", "2", "EA"],
            ["CTT", "4"],
            ["SE", "13", "0001"],
            ["GE", "1", "1"],
            ["IEA", "1", control],
        ]
        let segments: [String] = [isa] + rows.map { $0.joined(separator: element) }
        return segments.map { $0 + terminator + after }.joined()
    }

    static func document(_ text: String, file: String = "test.edi") -> EDIDocument {
        EDIDocument.parse(Array(text.utf8), file: file)
    }
}
