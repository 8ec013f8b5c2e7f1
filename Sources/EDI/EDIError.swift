/// A problem found in EDI input: what is wrong, exactly where, and the detail a 997 needs to report it.
///
/// The ``description`` reads well on one line, for example
/// `orders.edi: interchange 000000905, group 1, set 0001, segment 12 (byte 431, line 12): SE01 says 10 segments, counted 11`.
public struct EDIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is. New codes may be added; switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// A short stable name, e.g. `setCountMismatch`.
        public let name: String
        /// The scope the problem rejects: a whole interchange, a functional group, a set, or only a segment/element.
        public let level: Level
        init(_ name: String, _ level: Level) {
            self.name = name
            self.level = level
        }
        /// The stable name.
        public var description: String { name }

        /// The scope a problem rejects.
        public enum Level: Int, Sendable, Hashable, Comparable {
            /// An element or segment inside a transaction set; the set is rejected.
            case segment
            /// A transaction set envelope problem (ST/SE, UNH/UNT); the set is rejected.
            case set
            /// A functional group envelope problem (GS/GE, UNG/UNE); the group is rejected.
            case group
            /// An interchange envelope problem (ISA/IEA, UNB/UNZ) or unreadable input; the interchange is rejected.
            case interchange
            /// Orders levels from innermost to outermost.
            public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        /// The file cannot be opened or read.
        public static let unreadableFile = Code("unreadableFile", .interchange)
        /// The interchange (same sender, receiver and control number) was received before.
        public static let duplicateInterchange = Code("duplicateInterchange", .interchange)
        /// A valid set lacks what its mapping to the canonical model needs (e.g. a 940 without W05).
        public static let mappingFailed = Code("mappingFailed", .set)
        /// No mapping to the canonical model exists for this set type (or it is disabled in the partner profile).
        public static let unsupportedSet = Code("unsupportedSet", .set)
        /// The input is empty or holds only white space.
        public static let emptyInput = Code("emptyInput", .interchange)
        /// The input does not start like X12 (`ISA`) or EDIFACT (`UNA`/`UNB`).
        public static let notEDI = Code("notEDI", .interchange)
        /// The input ends inside an interchange, group or set.
        public static let truncated = Code("truncated", .interchange)
        /// A segment is longer than the parser's limit: no terminator where one should be.
        public static let segmentTooLong = Code("segmentTooLong", .interchange)
        /// The interchange header (ISA, UNA or UNB) is malformed.
        public static let invalidInterchangeHeader = Code("invalidInterchangeHeader", .interchange)
        /// Data that is not an interchange appears between or after interchanges.
        public static let unexpectedData = Code("unexpectedData", .interchange)
        /// An envelope segment appears where it is not allowed (e.g. ST outside GS, GE without GS).
        public static let unexpectedSegment = Code("unexpectedSegment", .interchange)
        /// IEA02 differs from ISA13 (or UNZ02 from UNB05).
        public static let interchangeControlMismatch = Code("interchangeControlMismatch", .interchange)
        /// IEA01 (or UNZ01) differs from the number of groups (or messages) counted.
        public static let interchangeCountMismatch = Code("interchangeCountMismatch", .interchange)
        /// The interchange has no trailer (IEA/UNZ).
        public static let missingInterchangeTrailer = Code("missingInterchangeTrailer", .interchange)
        /// GE02 differs from GS06 (or UNE02 from UNG05).
        public static let groupControlMismatch = Code("groupControlMismatch", .group)
        /// GE01 (or UNE01) differs from the number of sets counted.
        public static let groupCountMismatch = Code("groupCountMismatch", .group)
        /// The group has no trailer (GE/UNE).
        public static let missingGroupTrailer = Code("missingGroupTrailer", .group)
        /// A segment appears inside a group but outside any transaction set.
        public static let segmentOutsideSet = Code("segmentOutsideSet", .group)
        /// SE02 differs from ST02 (or UNT02 from UNH01).
        public static let setControlMismatch = Code("setControlMismatch", .set)
        /// SE01 (or UNT01) differs from the number of segments counted.
        public static let setCountMismatch = Code("setCountMismatch", .set)
        /// The set has no trailer (SE/UNT).
        public static let missingSetTrailer = Code("missingSetTrailer", .set)
        /// The set header lacks its identifier or control number (ST01/ST02, UNH01/UNH02).
        public static let invalidSetHeader = Code("invalidSetHeader", .set)
        /// A segment tag is not a valid segment identifier.
        public static let unrecognizedSegment = Code("unrecognizedSegment", .segment)
        /// A segment belongs to another EDI standard (e.g. X12 IEA inside an EDIFACT message).
        public static let foreignSegment = Code("foreignSegment", .segment)
        /// A mandatory element is missing or empty.
        public static let elementMissing = Code("elementMissing", .segment)
        /// An element is shorter than its minimum length.
        public static let elementTooShort = Code("elementTooShort", .segment)
        /// An element is longer than its maximum length.
        public static let elementTooLong = Code("elementTooLong", .segment)
        /// An element holds a character its type does not allow (e.g. a letter in a numeric element).
        public static let invalidCharacter = Code("invalidCharacter", .segment)
        /// An element holds a value outside its code list.
        public static let invalidCodeValue = Code("invalidCodeValue", .segment)
        /// A date element is not a valid date.
        public static let invalidDate = Code("invalidDate", .segment)
        /// A time element is not a valid time.
        public static let invalidTime = Code("invalidTime", .segment)
        /// A segment has more elements than defined.
        public static let tooManyElements = Code("tooManyElements", .segment)
        /// A non-repeating element repeats, or a repeating one repeats too often.
        public static let tooManyRepetitions = Code("tooManyRepetitions", .segment)
        /// A simple element has components, or a composite too many.
        public static let tooManyComponents = Code("tooManyComponents", .segment)
    }

    /// What kind of problem this is.
    public var code: Code
    /// Where it is.
    public var position: EDIPosition
    /// What happened and, where useful, what to do, without the position.
    public var message: String
    /// The X12 data element reference number of the offending element (e.g. `97` for SE01), for AK404.
    public var dataElementNumber: String?
    /// A copy of the offending value, for AK404 / IK404.
    public var badValue: String?

    /// Creates an error.
    public init(
        _ code: Code, at position: EDIPosition, _ message: String, dataElementNumber: String? = nil,
        badValue: String? = nil
    ) {
        self.code = code
        self.position = position
        self.message = message
        self.dataElementNumber = dataElementNumber
        self.badValue = badValue
    }

    /// One line: position, then message.
    public var description: String { "\(position): \(message)" }
}
