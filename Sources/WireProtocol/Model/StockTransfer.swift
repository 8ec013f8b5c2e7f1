/// Stock moved between two facilities of the same business.
///
/// `subject` is ``transferNumber``.
public struct StockTransfer: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.transferShipped]

    /// The transfer's number; the business key.
    public var transferNumber: String
    /// The sending facility.
    public var fromFacility: String
    /// The receiving facility.
    public var toFacility: String
    /// The ship date.
    public var shipDate: LocalDate
    /// When it should arrive.
    public var expectedArrivalDate: LocalDate?
    /// The carrier.
    public var carrier: CarrierService?
    /// The bill of lading number.
    public var billOfLading: String?
    /// What moved; at least one.
    public var lines: [TransferLine]

    /// Creates the value from its members.
    public init(
        transferNumber: String,
        fromFacility: String,
        toFacility: String,
        shipDate: LocalDate,
        expectedArrivalDate: LocalDate? = nil,
        carrier: CarrierService? = nil,
        billOfLading: String? = nil,
        lines: [TransferLine] = []
    ) {
        self.transferNumber = transferNumber
        self.fromFacility = fromFacility
        self.toFacility = toFacility
        self.shipDate = shipDate
        self.expectedArrivalDate = expectedArrivalDate
        self.carrier = carrier
        self.billOfLading = billOfLading
        self.lines = lines
    }
}

/// One transferred line.
public struct TransferLine: Codable, Sendable, Hashable {
    /// The line number.
    public var lineNumber: String
    /// The item.
    public var item: ItemReference
    /// Lot or batch number.
    public var lot: String?
    /// The quantity shipped.
    public var quantity: Quantity

    /// Creates the value from its members.
    public init(lineNumber: String, item: ItemReference, lot: String? = nil, quantity: Quantity) {
        self.lineNumber = lineNumber
        self.item = item
        self.lot = lot
        self.quantity = quantity
    }
}
