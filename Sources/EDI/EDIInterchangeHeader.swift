/// The header of one interchange (X12 ISA or EDIFACT UNB), with its delimiters.
public struct EDIInterchangeHeader: Sendable, Hashable {
    /// X12 or EDIFACT.
    public var standard: EDIStandard
    /// The separators and terminator this interchange uses.
    public var delimiters: EDIDelimiters
    /// The sender's ID qualifier (ISA05, UNB02-2), trimmed.
    public var senderQualifier: String
    /// The sender's ID (ISA06, UNB02-1), trimmed.
    public var senderID: String
    /// The receiver's ID qualifier (ISA07, UNB03-2), trimmed.
    public var receiverQualifier: String
    /// The receiver's ID (ISA08, UNB03-1), trimmed.
    public var receiverID: String
    /// The interchange control number (ISA13, UNB05) exactly as written.
    public var controlNumber: String
    /// The interchange date (ISA09 YYMMDD, UNB04-1).
    public var date: String
    /// The interchange time (ISA10 HHMM, UNB04-2).
    public var time: String
    /// The control version (ISA12, e.g. `00401`) or EDIFACT syntax identifier (UNB01, e.g. `UNOA:3`).
    public var version: String
    /// Whether the interchange is marked as test data (ISA15 `T`, UNB11 `1`).
    public var isTest: Bool
    /// The header segment itself.
    public var segment: EDISegment

    /// Creates a header.
    public init(
        standard: EDIStandard, delimiters: EDIDelimiters, senderQualifier: String, senderID: String,
        receiverQualifier: String, receiverID: String, controlNumber: String, date: String, time: String,
        version: String, isTest: Bool, segment: EDISegment
    ) {
        self.standard = standard
        self.delimiters = delimiters
        self.senderQualifier = senderQualifier
        self.senderID = senderID
        self.receiverQualifier = receiverQualifier
        self.receiverID = receiverID
        self.controlNumber = controlNumber
        self.date = date
        self.time = time
        self.version = version
        self.isTest = isTest
        self.segment = segment
    }
}
