/// An EDI functional acknowledgement (X12 997/999, EDIFACT CONTRL): which transaction sets a partner accepted.
///
/// `subject` is ``groupControlNumber``.
public struct FunctionalAcknowledgement: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.ediAcknowledged]

    /// `X12` or `EDIFACT`.
    public var standard: String
    /// The acknowledged interchange's control number (ISA13 / UNB 0020).
    public var interchangeControlNumber: String?
    /// The acknowledged group's functional identifier (AK101, e.g. `SH` for 856, `PO` for 850).
    public var functionalIdentifierCode: String
    /// The acknowledged group's control number (AK102).
    public var groupControlNumber: String
    /// AK901: `A` accepted, `E` accepted with errors, `P` partially accepted, `R` rejected.
    public var groupStatus: String
    /// Transaction sets the group contained (AK902).
    public var setsIncluded: Int
    /// Transaction sets received (AK903).
    public var setsReceived: Int
    /// Transaction sets accepted (AK904).
    public var setsAccepted: Int
    /// Group-level error codes (AK905–AK909).
    public var groupErrors: [String]?
    /// The answer per transaction set.
    public var transactionSets: [AcknowledgedTransactionSet]

    /// Creates the value from its members.
    public init(
        standard: String,
        interchangeControlNumber: String? = nil,
        functionalIdentifierCode: String,
        groupControlNumber: String,
        groupStatus: String,
        setsIncluded: Int,
        setsReceived: Int,
        setsAccepted: Int,
        groupErrors: [String]? = nil,
        transactionSets: [AcknowledgedTransactionSet] = []
    ) {
        self.standard = standard
        self.interchangeControlNumber = interchangeControlNumber
        self.functionalIdentifierCode = functionalIdentifierCode
        self.groupControlNumber = groupControlNumber
        self.groupStatus = groupStatus
        self.setsIncluded = setsIncluded
        self.setsReceived = setsReceived
        self.setsAccepted = setsAccepted
        self.groupErrors = groupErrors
        self.transactionSets = transactionSets
    }
}

/// The answer to one transaction set (AK2/AK5).
public struct AcknowledgedTransactionSet: Codable, Sendable, Hashable {
    /// The transaction set type (AK201, e.g. `856`).
    public var identifierCode: String
    /// Its control number (AK202).
    public var controlNumber: String
    /// AK501: `A` accepted, `E` accepted with errors, `M` rejected (message authentication failed), `R` rejected, `W`
    /// rejected (assurance failed), `X` rejected (content could not be analysed).
    public var status: String
    /// What was wrong (AK3/AK4 and AK502–AK506).
    public var errors: [EDIError]?

    /// Creates the value from its members.
    public init(identifierCode: String, controlNumber: String, status: String, errors: [EDIError]? = nil) {
        self.identifierCode = identifierCode
        self.controlNumber = controlNumber
        self.status = status
        self.errors = errors
    }
}

/// One EDI syntax error.
public struct EDIError: Codable, Sendable, Hashable {
    /// The error code (AK304 segment error, AK403 element error, or AK502 set error).
    public var code: String
    /// The segment's tag (AK301, e.g. `N1`).
    public var segmentID: String?
    /// The segment's position in the set, counting from ST as 1 (AK302).
    public var segmentPosition: Int?
    /// The element's position in the segment (AK401).
    public var elementPosition: Int?
    /// A copy of the bad data (AK404).
    public var badValue: String?
    /// The error in words.
    public var description: String?

    /// Creates the value from its members.
    public init(
        code: String,
        segmentID: String? = nil,
        segmentPosition: Int? = nil,
        elementPosition: Int? = nil,
        badValue: String? = nil,
        description: String? = nil
    ) {
        self.code = code
        self.segmentID = segmentID
        self.segmentPosition = segmentPosition
        self.elementPosition = elementPosition
        self.badValue = badValue
        self.description = description
    }
}
