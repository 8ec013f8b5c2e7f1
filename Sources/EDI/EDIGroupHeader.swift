/// The header of one functional group (X12 GS or EDIFACT UNG).
///
/// Every set of the group carries a copy, so the fields are kept in one shared storage: a copy is one reference instead
/// of ten.
public struct EDIGroupHeader: Sendable, Hashable {
    /// The functional identifier code (GS01, e.g. `SH`; UNG01, e.g. `ORDERS`).
    public var functionalID: String {
        get { fields.functionalID }
        set { fields.functionalID = newValue }
    }
    /// The application sender's code (GS02, UNG02-1).
    public var applicationSender: String {
        get { fields.applicationSender }
        set { fields.applicationSender = newValue }
    }
    /// The application receiver's code (GS03, UNG03-1).
    public var applicationReceiver: String {
        get { fields.applicationReceiver }
        set { fields.applicationReceiver = newValue }
    }
    /// The group date (GS04, UNG04-1).
    public var date: String {
        get { fields.date }
        set { fields.date = newValue }
    }
    /// The group time (GS05, UNG04-2).
    public var time: String {
        get { fields.time }
        set { fields.time = newValue }
    }
    /// The group control number (GS06, UNG05) exactly as written.
    public var controlNumber: String {
        get { fields.controlNumber }
        set { fields.controlNumber = newValue }
    }
    /// The responsible agency (GS07 `X`, UNG06 `UN`).
    public var agency: String {
        get { fields.agency }
        set { fields.agency = newValue }
    }
    /// The version / release / industry identifier (GS08, e.g. `004010VICS`; UNG07).
    public var version: String {
        get { fields.version }
        set { fields.version = newValue }
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
        var functionalID: String
        var applicationSender: String
        var applicationReceiver: String
        var date: String
        var time: String
        var controlNumber: String
        var agency: String
        var version: String
        var segment: EDISegment
    }

    /// Creates a header.
    public init(
        functionalID: String, applicationSender: String, applicationReceiver: String, date: String, time: String,
        controlNumber: String, agency: String, version: String, segment: EDISegment
    ) {
        fields = CopyOnWrite(
            Fields(
                functionalID: functionalID, applicationSender: applicationSender,
                applicationReceiver: applicationReceiver, date: date, time: time, controlNumber: controlNumber,
                agency: agency, version: version, segment: segment))
    }
}
