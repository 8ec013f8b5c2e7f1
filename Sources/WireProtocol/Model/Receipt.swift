/// Goods received at a facility, against an ASN or a purchase order (X12 944 / 861).
///
/// `subject` is ``receiptNumber``.
public struct Receipt: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.receiptConfirmed]

    /// The receipt's number; the business key.
    public var receiptNumber: String
    /// When receiving finished.
    public var receivedAt: ZonedDateTime
    /// The warehouse or site code.
    public var facility: String
    /// The ASN received against.
    public var asnNumber: String?
    /// The purchase order received against.
    public var purchaseOrderNumber: String?
    /// The `ship-from` (supplier) and others.
    public var parties: [Party]?
    /// The delivering carrier.
    public var carrier: CarrierService?
    /// The bill of lading number.
    public var billOfLading: String?
    /// What was received; at least one.
    public var lines: [ReceiptLine]

    /// Creates the value from its members.
    public init(
        receiptNumber: String,
        receivedAt: ZonedDateTime,
        facility: String,
        asnNumber: String? = nil,
        purchaseOrderNumber: String? = nil,
        parties: [Party]? = nil,
        carrier: CarrierService? = nil,
        billOfLading: String? = nil,
        lines: [ReceiptLine] = []
    ) {
        self.receiptNumber = receiptNumber
        self.receivedAt = receivedAt
        self.facility = facility
        self.asnNumber = asnNumber
        self.purchaseOrderNumber = purchaseOrderNumber
        self.parties = parties
        self.carrier = carrier
        self.billOfLading = billOfLading
        self.lines = lines
    }
}

/// One received line.
public struct ReceiptLine: Codable, Sendable, Hashable {
    /// The line number (of the ASN or PO).
    public var lineNumber: String
    /// The item.
    public var item: ItemReference
    /// The quantity the ASN or PO announced.
    public var expectedQuantity: Quantity?
    /// The quantity received in good condition.
    public var receivedQuantity: Quantity
    /// The quantity received damaged.
    public var damagedQuantity: Quantity?
    /// The handling unit received.
    public var sscc: SSCC?
    /// Lot or batch number.
    public var lot: String?
    /// Where it was put away.
    public var location: String?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        item: ItemReference,
        expectedQuantity: Quantity? = nil,
        receivedQuantity: Quantity,
        damagedQuantity: Quantity? = nil,
        sscc: SSCC? = nil,
        lot: String? = nil,
        location: String? = nil
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.expectedQuantity = expectedQuantity
        self.receivedQuantity = receivedQuantity
        self.damagedQuantity = damagedQuantity
        self.sscc = sscc
        self.lot = lot
        self.location = location
    }
}
