/// Reads and checks EDIFACT UNB and UNG headers.
enum EDIFACTHeaderReader {
    static func interchange(_ s: EDISegment, delimiters: EDIDelimiters, file: String) throws(EDIError)
        -> EDIInterchangeHeader
    {
        let position = EDIPosition(
            file: file, segmentIndex: s.index, segmentTag: "UNB", byteOffset: s.byteOffset, line: s.line)
        let required: [(Int, String)] = [
            (1, "syntax identifier"), (2, "interchange sender"), (3, "interchange recipient"),
            (4, "date and time of preparation"), (5, "interchange control reference"),
        ]
        for (i, name) in required where (s.component(i, 1) ?? "").isEmpty {
            var p = position
            p.element = "UNB0\(i)"
            p.elementIndex = i
            throw EDIError(
                .invalidInterchangeHeader, at: p, "UNB0\(i) (\(name)) is missing: the UNB header is incomplete")
        }
        return EDIInterchangeHeader(
            standard: .edifact, delimiters: delimiters, senderQualifier: s.component(2, 2) ?? "",
            senderID: s.component(2, 1) ?? "", receiverQualifier: s.component(3, 2) ?? "",
            receiverID: s.component(3, 1) ?? "", controlNumber: s[5], date: s.component(4, 1) ?? "",
            time: s.component(4, 2) ?? "",
            version: (1...s.componentCount(1)).compactMap { s.component(1, $0) }.joined(separator: ":"),
            isTest: s[11] == "1", segment: s)
    }

    static func group(_ s: EDISegment) -> EDIGroupHeader {
        EDIGroupHeader(
            functionalID: s[1], applicationSender: s.component(2, 1) ?? "",
            applicationReceiver: s.component(3, 1) ?? "", date: s.component(4, 1) ?? "",
            time: s.component(4, 2) ?? "", controlNumber: s[5], agency: s[6], version: s[7], segment: s)
    }
}
