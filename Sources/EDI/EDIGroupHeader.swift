/// The header of one functional group (X12 GS or EDIFACT UNG).
public struct EDIGroupHeader: Sendable, Hashable {
    /// The functional identifier code (GS01, e.g. `SH`; UNG01, e.g. `ORDERS`).
    public var functionalID: String
    /// The application sender's code (GS02, UNG02-1).
    public var applicationSender: String
    /// The application receiver's code (GS03, UNG03-1).
    public var applicationReceiver: String
    /// The group date (GS04, UNG04-1).
    public var date: String
    /// The group time (GS05, UNG04-2).
    public var time: String
    /// The group control number (GS06, UNG05) exactly as written.
    public var controlNumber: String
    /// The responsible agency (GS07 `X`, UNG06 `UN`).
    public var agency: String
    /// The version / release / industry identifier (GS08, e.g. `004010VICS`; UNG07).
    public var version: String
    /// The header segment itself.
    public var segment: EDISegment

    /// Creates a header.
    public init(
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
}
