/// The header of one interchange (X12 ISA or EDIFACT UNB), with its delimiters.
///
/// Every set of the interchange carries a copy, so the fields are kept in one shared storage: a copy is one reference
/// instead of a dozen.
public struct EDIInterchangeHeader: Sendable, Hashable {
    /// X12 or EDIFACT.
    public var standard: EDIStandard {
        get { storage.standard }
        set { unique().standard = newValue }
    }
    /// The separators and terminator this interchange uses.
    public var delimiters: EDIDelimiters {
        get { storage.delimiters }
        set { unique().delimiters = newValue }
    }
    /// The sender's ID qualifier (ISA05, UNB02-2), trimmed.
    public var senderQualifier: String {
        get { storage.senderQualifier }
        set { unique().senderQualifier = newValue }
    }
    /// The sender's ID (ISA06, UNB02-1), trimmed.
    public var senderID: String {
        get { storage.senderID }
        set { unique().senderID = newValue }
    }
    /// The receiver's ID qualifier (ISA07, UNB03-2), trimmed.
    public var receiverQualifier: String {
        get { storage.receiverQualifier }
        set { unique().receiverQualifier = newValue }
    }
    /// The receiver's ID (ISA08, UNB03-1), trimmed.
    public var receiverID: String {
        get { storage.receiverID }
        set { unique().receiverID = newValue }
    }
    /// The interchange control number (ISA13, UNB05) exactly as written.
    public var controlNumber: String {
        get { storage.controlNumber }
        set { unique().controlNumber = newValue }
    }
    /// The interchange date (ISA09 YYMMDD, UNB04-1).
    public var date: String {
        get { storage.date }
        set { unique().date = newValue }
    }
    /// The interchange time (ISA10 HHMM, UNB04-2).
    public var time: String {
        get { storage.time }
        set { unique().time = newValue }
    }
    /// The control version (ISA12, e.g. `00401`) or EDIFACT syntax identifier (UNB01, e.g. `UNOA:3`).
    public var version: String {
        get { storage.version }
        set { unique().version = newValue }
    }
    /// Whether the interchange is marked as test data (ISA15 `T`, UNB11 `1`).
    public var isTest: Bool {
        get { storage.isTest }
        set { unique().isTest = newValue }
    }
    /// The header segment itself.
    public var segment: EDISegment {
        get { storage.segment }
        set { unique().segment = newValue }
    }

    /// The fields, shared by copies until one of them changes (copy on write).
    private var storage: Storage

    /// Creates a header.
    public init(
        standard: EDIStandard, delimiters: EDIDelimiters, senderQualifier: String, senderID: String,
        receiverQualifier: String, receiverID: String, controlNumber: String, date: String, time: String,
        version: String, isTest: Bool, segment: EDISegment
    ) {
        storage = Storage(
            standard: standard, delimiters: delimiters, senderQualifier: senderQualifier, senderID: senderID,
            receiverQualifier: receiverQualifier, receiverID: receiverID, controlNumber: controlNumber, date: date,
            time: time, version: version, isTest: isTest, segment: segment)
    }

    /// The storage, copied first if another header shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Compares every field.
    public static func == (a: EDIInterchangeHeader, b: EDIInterchangeHeader) -> Bool {
        a.storage === b.storage
            || (a.standard == b.standard && a.delimiters == b.delimiters && a.senderQualifier == b.senderQualifier
                && a.senderID == b.senderID && a.receiverQualifier == b.receiverQualifier
                && a.receiverID == b.receiverID && a.controlNumber == b.controlNumber && a.date == b.date
                && a.time == b.time && a.version == b.version && a.isTest == b.isTest && a.segment == b.segment)
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(standard)
        hasher.combine(delimiters)
        hasher.combine(senderQualifier)
        hasher.combine(senderID)
        hasher.combine(receiverQualifier)
        hasher.combine(receiverID)
        hasher.combine(controlNumber)
        hasher.combine(date)
        hasher.combine(time)
        hasher.combine(version)
        hasher.combine(isTest)
        hasher.combine(segment)
    }

    /// The fields of a header.
    ///
    /// `@unchecked Sendable`: a storage is only changed while one header alone holds it (``unique()``), so
    /// storages shared between threads are never written.
    private final class Storage: @unchecked Sendable {
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

        init(
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

        func copy() -> Storage {
            Storage(
                standard: standard, delimiters: delimiters, senderQualifier: senderQualifier, senderID: senderID,
                receiverQualifier: receiverQualifier, receiverID: receiverID, controlNumber: controlNumber,
                date: date, time: time, version: version, isTest: isTest, segment: segment)
        }
    }
}
