/// The header of one functional group (X12 GS or EDIFACT UNG).
///
/// Every set of the group carries a copy, so the fields are kept in one shared storage: a copy is one reference instead
/// of ten.
public struct EDIGroupHeader: Sendable, Hashable {
    /// The functional identifier code (GS01, e.g. `SH`; UNG01, e.g. `ORDERS`).
    public var functionalID: String {
        get { storage.functionalID }
        set { unique().functionalID = newValue }
    }
    /// The application sender's code (GS02, UNG02-1).
    public var applicationSender: String {
        get { storage.applicationSender }
        set { unique().applicationSender = newValue }
    }
    /// The application receiver's code (GS03, UNG03-1).
    public var applicationReceiver: String {
        get { storage.applicationReceiver }
        set { unique().applicationReceiver = newValue }
    }
    /// The group date (GS04, UNG04-1).
    public var date: String {
        get { storage.date }
        set { unique().date = newValue }
    }
    /// The group time (GS05, UNG04-2).
    public var time: String {
        get { storage.time }
        set { unique().time = newValue }
    }
    /// The group control number (GS06, UNG05) exactly as written.
    public var controlNumber: String {
        get { storage.controlNumber }
        set { unique().controlNumber = newValue }
    }
    /// The responsible agency (GS07 `X`, UNG06 `UN`).
    public var agency: String {
        get { storage.agency }
        set { unique().agency = newValue }
    }
    /// The version / release / industry identifier (GS08, e.g. `004010VICS`; UNG07).
    public var version: String {
        get { storage.version }
        set { unique().version = newValue }
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
        functionalID: String, applicationSender: String, applicationReceiver: String, date: String, time: String,
        controlNumber: String, agency: String, version: String, segment: EDISegment
    ) {
        storage = Storage(
            functionalID: functionalID, applicationSender: applicationSender, applicationReceiver: applicationReceiver,
            date: date, time: time, controlNumber: controlNumber, agency: agency, version: version, segment: segment)
    }

    /// The storage, copied first if another header shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Compares every field.
    public static func == (a: EDIGroupHeader, b: EDIGroupHeader) -> Bool {
        a.storage === b.storage
            || (a.functionalID == b.functionalID && a.applicationSender == b.applicationSender
                && a.applicationReceiver == b.applicationReceiver && a.date == b.date && a.time == b.time
                && a.controlNumber == b.controlNumber && a.agency == b.agency && a.version == b.version
                && a.segment == b.segment)
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(functionalID)
        hasher.combine(applicationSender)
        hasher.combine(applicationReceiver)
        hasher.combine(date)
        hasher.combine(time)
        hasher.combine(controlNumber)
        hasher.combine(agency)
        hasher.combine(version)
        hasher.combine(segment)
    }

    /// The fields of a header.
    ///
    /// `@unchecked Sendable`: a storage is only changed while one header alone holds it (``unique()``), so
    /// storages shared between threads are never written.
    private final class Storage: @unchecked Sendable {
        var functionalID: String
        var applicationSender: String
        var applicationReceiver: String
        var date: String
        var time: String
        var controlNumber: String
        var agency: String
        var version: String
        var segment: EDISegment

        init(
            functionalID: String, applicationSender: String, applicationReceiver: String, date: String, time: String,
            controlNumber: String, agency: String, version: String, segment: EDISegment
        ) {
            self.functionalID = functionalID
            self.applicationSender = applicationSender
            self.applicationReceiver = applicationReceiver
            self.date = date
            self.time = time
            self.controlNumber = controlNumber
            self.agency = agency
            self.version = version
            self.segment = segment
        }

        func copy() -> Storage {
            Storage(
                functionalID: functionalID, applicationSender: applicationSender,
                applicationReceiver: applicationReceiver, date: date, time: time, controlNumber: controlNumber,
                agency: agency, version: version, segment: segment)
        }
    }
}
