/// The element rules of the segments crossdock checks element by element.
///
/// X12 acknowledgements (997, 999) are checked fully, because crossdock acts on them; for other segments the
/// parser checks envelopes and segment identifiers, and the mappings check the elements they read.
enum EDISegmentDictionary {
    private typealias R = EDIElementRule

    private static func range(_ r: ClosedRange<Int>) -> Set<String> { Set(r.map(String.init)) }

    private static let ackStatus: Set<String> = ["A", "E", "M", "P", "R", "W", "X"]
    private static let c030: [R] = [
        R("01", "722", "element position in segment", true, .integer, 1, 2),
        R("02", "1528", "component data element position in composite", false, .integer, 1, 2),
        R("03", "1686", "repeating data element position", false, .integer, 1, 4),
    ]

    /// X12 segment rules by tag.
    static let x12: [String: [EDIElementRule]] = [
        "AK1": [
            R("AK101", "479", "functional identifier code", true, .id, 2, 2),
            R("AK102", "28", "group control number", true, .integer, 1, 9),
            R("AK103", "480", "version / release / industry identifier code", false, .text, 1, 12),
        ],
        "AK2": [
            R("AK201", "143", "transaction set identifier code", true, .id, 3, 3),
            R("AK202", "329", "transaction set control number", true, .text, 1, 9),
            R("AK203", "1705", "implementation convention reference", false, .text, 1, 35),
        ],
        "AK3": [
            R("AK301", "721", "segment ID code", true, .id, 2, 3),
            R("AK302", "719", "segment position in transaction set", true, .integer, 1, 10),
            R("AK303", "447", "loop identifier code", false, .text, 1, 4),
            R("AK304", "720", "segment syntax error code", false, .id, 1, 3, codes: range(1...8)),
        ],
        "AK4": [
            R("AK401", "C030", "position in segment", true, .composite(c030), 1, 2),
            R("AK402", "725", "data element reference number", false, .integer, 1, 4),
            R("AK403", "723", "data element syntax error code", true, .id, 1, 3, codes: range(1...13).union(["99"])),
            R("AK404", "724", "copy of bad data element", false, .text, 1, 99),
        ],
        "AK5": [
            R("AK501", "717", "transaction set acknowledgment code", true, .id, 1, 1, codes: ackStatus),
            R("AK502", "718", "transaction set syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK503", "718", "transaction set syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK504", "718", "transaction set syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK505", "718", "transaction set syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK506", "718", "transaction set syntax error code", false, .id, 1, 3, codes: range(1...27)),
        ],
        "AK9": [
            R("AK901", "715", "functional group acknowledge code", true, .id, 1, 1, codes: ackStatus),
            R("AK902", "97", "number of transaction sets included", true, .integer, 1, 6),
            R("AK903", "123", "number of received transaction sets", true, .integer, 1, 6),
            R("AK904", "2", "number of accepted transaction sets", true, .integer, 1, 6),
            R("AK905", "716", "functional group syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK906", "716", "functional group syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK907", "716", "functional group syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK908", "716", "functional group syntax error code", false, .id, 1, 3, codes: range(1...27)),
            R("AK909", "716", "functional group syntax error code", false, .id, 1, 3, codes: range(1...27)),
        ],
        "IK3": [
            R("IK301", "721", "segment ID code", true, .id, 2, 3),
            R("IK302", "719", "segment position in transaction set", true, .integer, 1, 10),
            R("IK303", "447", "loop identifier code", false, .text, 1, 4),
            R(
                "IK304", "620", "implementation segment syntax error code", true, .id, 1, 3,
                codes: range(1...8).union(["I4", "I6", "I7", "I8", "I9"])),
        ],
        "IK4": [
            R("IK401", "C030", "position in segment", true, .composite(c030), 1, 2),
            R("IK402", "725", "data element reference number", false, .integer, 1, 4),
            R(
                "IK403", "621", "implementation data element syntax error code", true, .id, 1, 3,
                codes: range(1...13).union(["I10", "I11", "I12", "I13", "I6", "I9"])),
            R("IK404", "724", "copy of bad data element", false, .text, 1, 99),
        ],
        "IK5": [
            R("IK501", "717", "transaction set acknowledgment code", true, .id, 1, 1, codes: ackStatus),
            R(
                "IK502", "618", "implementation transaction set syntax error code", false, .id, 1, 3,
                codes: range(1...27).union(["I5", "I6"])),
            R(
                "IK503", "618", "implementation transaction set syntax error code", false, .id, 1, 3,
                codes: range(1...27).union(["I5", "I6"])),
        ],
    ]

    /// EDIFACT segment rules by tag (the service and commercial segments of INVOIC, ORDERS, DESADV, IFTSTA).
    static let edifact: [String: [EDIElementRule]] = [
        "BGM": [
            R(
                "BGM01", "C002", "document/message name", false,
                .composite([
                    R("01", "1001", "document name code", false, .text, 1, 3),
                    R("02", "1131", "code list identification code", false, .text, 1, 17),
                    R("03", "3055", "code list responsible agency code", false, .text, 1, 3),
                    R("04", "1000", "document name", false, .text, 1, 35),
                ]), 1, 4),
            R("BGM02", "1004", "document identifier", false, .text, 1, 35),
            R("BGM03", "1225", "message function code", false, .text, 1, 3),
            R("BGM04", "4343", "response type code", false, .text, 1, 3),
        ],
        "DTM": [
            R(
                "DTM01", "C507", "date/time/period", true,
                .composite([
                    R("01", "2005", "date or time or period function code qualifier", true, .text, 1, 3),
                    R("02", "2380", "date or time or period value", false, .text, 1, 35),
                    R("03", "2379", "date or time or period format code", false, .text, 1, 3),
                ]), 1, 3)
        ],
        "NAD": [
            R("NAD01", "3035", "party function code qualifier", true, .text, 1, 3),
            R(
                "NAD02", "C082", "party identification details", false,
                .composite([
                    R("01", "3039", "party identifier", true, .text, 1, 35),
                    R("02", "1131", "code list identification code", false, .text, 1, 17),
                    R("03", "3055", "code list responsible agency code", false, .text, 1, 3),
                ]), 1, 3),
            R(
                "NAD03", "C058", "name and address", false,
                .composite(
                    Array(repeating: R("", "3124", "name and address description", false, .text, 1, 35), count: 5)), 1,
                5),
            R(
                "NAD04", "C080", "party name", false,
                .composite(Array(repeating: R("", "3036", "party name", false, .text, 1, 35), count: 6)), 1, 6),
            R(
                "NAD05", "C059", "street", false,
                .composite(Array(repeating: R("", "3042", "street and number", false, .text, 1, 35), count: 4)), 1, 4),
            R("NAD06", "3164", "city name", false, .text, 1, 35),
            R("NAD07", "3229", "country sub-entity", false, .text, 1, 9),
            R("NAD08", "3251", "postal identification code", false, .text, 1, 17),
            R("NAD09", "3207", "country name code", false, .text, 1, 3),
        ],
        "QTY": [
            R(
                "QTY01", "C186", "quantity details", true,
                .composite([
                    R("01", "6063", "quantity type code qualifier", true, .text, 1, 3),
                    R("02", "6060", "quantity", true, .decimal, 1, 15),
                    R("03", "6411", "measurement unit code", false, .text, 1, 3),
                ]), 1, 3)
        ],
        "PRI": [
            R(
                "PRI01", "C509", "price information", false,
                .composite([
                    R("01", "5125", "price code qualifier", true, .text, 1, 3),
                    R("02", "5118", "price amount", false, .decimal, 1, 15),
                    R("03", "5375", "price type code", false, .text, 1, 3),
                    R("04", "5387", "price specification code", false, .text, 1, 3),
                    R("05", "5284", "unit price basis value", false, .decimal, 1, 9),
                    R("06", "6411", "measurement unit code", false, .text, 1, 3),
                ]), 1, 6),
            R("PRI02", "5213", "sub-line item price change operation code", false, .text, 1, 3),
        ],
        "MOA": [
            R(
                "MOA01", "C516", "monetary amount", true,
                .composite([
                    R("01", "5025", "monetary amount type code qualifier", true, .text, 1, 3),
                    R("02", "5004", "monetary amount", false, .decimal, 1, 35),
                    R("03", "6345", "currency identification code", false, .text, 1, 3),
                    R("04", "6343", "currency type code qualifier", false, .text, 1, 3),
                    R("05", "4405", "status description code", false, .text, 1, 3),
                ]), 1, 5)
        ],
        "UNS": [
            R("UNS01", "0081", "section identification", true, .letters, 1, 1, codes: ["D", "S"])
        ],
    ]
}
