/// The header of one interchange (X12 ISA or EDIFACT UNB), with its delimiters.
///
/// Every set of the interchange carries a copy, so the fields are kept in one shared storage: a copy is one reference
/// instead of a dozen.
public struct EDIInterchangeHeader: Sendable, Hashable {
    /// X12 or EDIFACT.
    public var standard: EDIStandard {
        get { fields.standard }
        set { fields.standard = newValue }
    }
    /// The separators and terminator this interchange uses.
    public var delimiters: EDIDelimiters {
        get { fields.delimiters }
        set { fields.delimiters = newValue }
    }
    /// The sender's ID qualifier (ISA05, UNB02-2), trimmed.
    public var senderQualifier: String {
        get { fields.senderQualifier }
        set { fields.senderQualifier = newValue }
    }
    /// The sender's ID (ISA06, UNB02-1), trimmed.
    public var senderID: String {
        get { fields.senderID }
        set { fields.senderID = newValue }
    }
    /// The receiver's ID qualifier (ISA07, UNB03-2), trimmed.
    public var receiverQualifier: String {
        get { fields.receiverQualifier }
        set { fields.receiverQualifier = newValue }
    }
    /// The receiver's ID (ISA08, UNB03-1), trimmed.
    public var receiverID: String {
        get { fields.receiverID }
        set { fields.receiverID = newValue }
    }
    /// The interchange control number (ISA13, UNB05) exactly as written.
    public var controlNumber: String {
        get { fields.controlNumber }
        set { fields.controlNumber = newValue }
    }
    /// The interchange date (ISA09 YYMMDD, UNB04-1).
    public var date: String {
        get { fields.date }
        set { fields.date = newValue }
    }
    /// The interchange time (ISA10 HHMM, UNB04-2).
    public var time: String {
        get { fields.time }
        set { fields.time = newValue }
    }
    /// The control version (ISA12, e.g. `00401`) or EDIFACT syntax identifier (UNB01, e.g. `UNOA:3`).
    public var version: String {
        get { fields.version }
        set { fields.version = newValue }
    }
    /// Whether the interchange is marked as test data (ISA15 `T`, UNB11 `1`).
    public var isTest: Bool {
        get { fields.isTest }
        set { fields.isTest = newValue }
    }
    /// The header segment itself.
    public var segment: EDISegment {
        get { fields.segment }
        set { fields.segment = newValue }
    }

    /// The fields, shared by copies until one of them changes (copy on write).
    private var fields: CopyOnWrite<Fields>

    /// The fields of a header.
    private struct Fields: Hashable, Sendable {
        var standard: EDIStandard
        var delimiters: EDIDelimiters
        var senderQualifier: String
        var senderID: String
        var receiverQualifier: String
        var receiverID: String
        var controlNumber: String
        var date: String
        var time: String
        var version: String
        var isTest: Bool
        var segment: EDISegment
    }

    /// Creates a header.
    public init(
        standard: EDIStandard, delimiters: EDIDelimiters, senderQualifier: String, senderID: String,
        receiverQualifier: String, receiverID: String, controlNumber: String, date: String, time: String,
        version: String, isTest: Bool, segment: EDISegment
    ) {
        fields = CopyOnWrite(
            Fields(
                standard: standard, delimiters: delimiters, senderQualifier: senderQualifier, senderID: senderID,
                receiverQualifier: receiverQualifier, receiverID: receiverID, controlNumber: controlNumber, date: date,
                time: time, version: version, isTest: isTest, segment: segment))
    }
}
