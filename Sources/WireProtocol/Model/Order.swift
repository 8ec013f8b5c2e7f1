/// A sales order: what a customer ordered, for whom, and when it should ship.
///
/// The `data` of ``EventType/orderCreated`` (the ERP created it) and ``EventType/orderReleased`` (it was
/// released to the warehouse for picking). `subject` is ``orderNumber``.
public struct Order: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.orderCreated, .orderReleased]

    /// The seller's order number; the business key.
    public var orderNumber: String
    /// The customer's purchase order number.
    public var purchaseOrderNumber: String?
    /// When the order was placed.
    public var orderDate: LocalDate?
    /// The currency of the prices, ISO 4217.
    public var currency: CurrencyCode?
    /// The parties: at least `ship-to`; usually `sold-to` and `bill-to`.
    public var parties: [Party]
    /// When the customer wants the goods shipped.
    public var requestedShipDate: LocalDate?
    /// When the customer wants the goods delivered.
    public var requestedDeliveryDate: LocalDate?
    /// The requested carrier and service level.
    public var carrier: CarrierService?
    /// The warehouse or site code that fulfils the order.
    public var facility: String?
    /// The order lines; at least one.
    public var lines: [OrderLine]
    /// Free-text instructions (gift message, dock hours).
    public var notes: [String]?

    /// Creates the value from its members.
    public init(
        orderNumber: String,
        purchaseOrderNumber: String? = nil,
        orderDate: LocalDate? = nil,
        currency: CurrencyCode? = nil,
        parties: [Party] = [],
        requestedShipDate: LocalDate? = nil,
        requestedDeliveryDate: LocalDate? = nil,
        carrier: CarrierService? = nil,
        facility: String? = nil,
        lines: [OrderLine] = [],
        notes: [String]? = nil
    ) {
        self.orderNumber = orderNumber
        self.purchaseOrderNumber = purchaseOrderNumber
        self.orderDate = orderDate
        self.currency = currency
        self.parties = parties
        self.requestedShipDate = requestedShipDate
        self.requestedDeliveryDate = requestedDeliveryDate
        self.carrier = carrier
        self.facility = facility
        self.lines = lines
        self.notes = notes
    }
}

/// One line of an order.
public struct OrderLine: Codable, Sendable, Hashable {
    /// The line number as the order states it (X12 PO101).
    public var lineNumber: String
    /// What is ordered.
    public var item: ItemReference
    /// The item's description.
    public var description: String?
    /// How much is ordered.
    public var quantity: Quantity
    /// The price per unit of `quantity.unit`, in the order's currency.
    public var unitPrice: DecimalNumber?
    /// A line-level ship date, when it differs from the order's.
    public var requestedShipDate: LocalDate?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        item: ItemReference,
        description: String? = nil,
        quantity: Quantity,
        unitPrice: DecimalNumber? = nil,
        requestedShipDate: LocalDate? = nil
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.requestedShipDate = requestedShipDate
    }
}
