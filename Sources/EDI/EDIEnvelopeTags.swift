/// Where X12 and EDIFACT keep their envelope tags, control numbers and counts.
struct EDIEnvelopeTags: Sendable {
    var standard: EDIStandard
    var interchangeHeader: String
    var interchangeControl: Int
    var interchangeTrailer: String
    var interchangeServiceSegments: Set<String>
    var groupHeader: String
    var groupControl: Int
    var groupTrailer: String
    var setHeader: String
    var setIDIndex: Int
    var setControlOffset: Int
    var setTrailer: String
    var setCountIndex: Int

    static let x12 = EDIEnvelopeTags(
        standard: .x12, interchangeHeader: "ISA", interchangeControl: 13, interchangeTrailer: "IEA",
        interchangeServiceSegments: ["ISB", "ISE", "TA1"], groupHeader: "GS", groupControl: 6, groupTrailer: "GE",
        setHeader: "ST", setIDIndex: 1, setControlOffset: 1, setTrailer: "SE", setCountIndex: 1)
    static let edifact = EDIEnvelopeTags(
        standard: .edifact, interchangeHeader: "UNB", interchangeControl: 5, interchangeTrailer: "UNZ",
        interchangeServiceSegments: [], groupHeader: "UNG", groupControl: 5, groupTrailer: "UNE",
        setHeader: "UNH", setIDIndex: 2, setControlOffset: 0, setTrailer: "UNT", setCountIndex: 1)

    /// The envelope tags packed for fast comparison.
    struct Codes: Sendable {
        var interchangeHeader, interchangeTrailer, groupHeader, groupTrailer, setHeader, setTrailer: UInt32
    }

    /// The envelope tags packed for fast comparison.
    var codes: Codes {
        Codes(
            interchangeHeader: EDISegment.code(ofTag: interchangeHeader),
            interchangeTrailer: EDISegment.code(ofTag: interchangeTrailer),
            groupHeader: EDISegment.code(ofTag: groupHeader), groupTrailer: EDISegment.code(ofTag: groupTrailer),
            setHeader: EDISegment.code(ofTag: setHeader), setTrailer: EDISegment.code(ofTag: setTrailer))
    }

    /// An element reference such as `SE01` or `UNT02`.
    func ref(_ tag: String, _ index: Int) -> String { tag + (index < 10 ? "0\(index)" : "\(index)") }
}
