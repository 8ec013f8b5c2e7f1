/// A supplier's or warehouse's answer to an order: accepted, changed or rejected, line by line (X12 855).
///
/// `subject` is ``purchaseOrderNumber``.
public struct OrderAcknowledgement: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.orderAcknowledged]

    /// The purchase order being acknowledged.
    public var purchaseOrderNumber: String
    /// The acknowledging party's own order number.
    public var orderNumber: String?
    /// When the acknowledgement was made.
    public var acknowledgementDate: LocalDate
    /// The overall answer: `accepted`, `accepted-with-changes` or `rejected`.
    public var status: String
    /// When the goods are expected to ship.
    public var expectedShipDate: LocalDate?
    /// The answer per line (may be empty when the whole order is accepted as is).
    public var lines: [AcknowledgedLine]

    /// Creates the value from its members.
    public init(
        purchaseOrderNumber: String,
        orderNumber: String? = nil,
        acknowledgementDate: LocalDate,
        status: String,
        expectedShipDate: LocalDate? = nil,
        lines: [AcknowledgedLine] = []
    ) {
        self.purchaseOrderNumber = purchaseOrderNumber
        self.orderNumber = orderNumber
        self.acknowledgementDate = acknowledgementDate
        self.status = status
        self.expectedShipDate = expectedShipDate
        self.lines = lines
    }
}

/// The answer to one order line.
public struct AcknowledgedLine: Codable, Sendable, Hashable {
    /// The order line number.
    public var lineNumber: String
    /// The item.
    public var item: ItemReference
    /// X12 ACK01 line status: `IA` accepted, `IB` backordered, `IC` changed, `IR` rejected, `IQ` quantity changed, `IP`
    /// price changed.
    public var status: String
    /// The quantity ordered.
    public var orderedQuantity: Quantity?
    /// The quantity the supplier commits to.
    public var acknowledgedQuantity: Quantity
    /// The acknowledged unit price.
    public var unitPrice: DecimalNumber?
    /// When this line is scheduled to ship.
    public var scheduledShipDate: LocalDate?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        item: ItemReference,
        status: String,
        orderedQuantity: Quantity? = nil,
        acknowledgedQuantity: Quantity,
        unitPrice: DecimalNumber? = nil,
        scheduledShipDate: LocalDate? = nil
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.status = status
        self.orderedQuantity = orderedQuantity
        self.acknowledgedQuantity = acknowledgedQuantity
        self.unitPrice = unitPrice
        self.scheduledShipDate = scheduledShipDate
    }
}
