/// An order in the portal's list: its number, customer and state.
public struct PortalOrderSummary: Sendable, Hashable, Codable {
    /// The order number.
    public var orderNumber: String
    /// The customer's purchase order number.
    public var purchaseOrderNumber: String?
    /// The customer's party identifier.
    public var customer: String?
    /// The customer's name.
    public var customerName: String?
    /// Where the order is.
    public var state: OrderState
    /// When it last changed, RFC 3339 UTC.
    public var updatedAt: String
}

/// One order with everything the portal shows: lines, shipments with milestones, invoices.
public struct PortalOrder: Sendable, Hashable, Codable {
    /// The order number.
    public var orderNumber: String
    /// The customer's purchase order number.
    public var purchaseOrderNumber: String?
    /// The customer's party identifier.
    public var customer: String?
    /// The customer's name.
    public var customerName: String?
    /// The facility that fulfils it.
    public var facility: String?
    /// The order date.
    public var orderDate: String?
    /// The requested ship date.
    public var requestedShipDate: String?
    /// Where the order is.
    public var state: OrderState
    /// The lines with ordered, shipped and backordered quantities.
    public var lines: [PortalOrderLine]
    /// The shipments carrying the order.
    public var shipments: [PortalShipment]
    /// The invoices issued for it.
    public var invoices: [PortalInvoice]
    /// When it was first seen, RFC 3339 UTC.
    public var createdAt: String
    /// When it last changed, RFC 3339 UTC.
    public var updatedAt: String
}

/// An order line with what shipped of it.
public struct PortalOrderLine: Sendable, Hashable, Codable {
    /// The line number.
    public var lineNumber: String
    /// The item's SKU.
    public var sku: String?
    /// The item's description.
    public var description: String?
    /// The quantity ordered (decimal text).
    public var ordered: String?
    /// The quantity shipped so far.
    public var shipped: String
    /// The quantity the last shipment left on backorder.
    public var backordered: String
    /// The unit of measure.
    public var unit: String?
}

/// A shipment with its tracking milestones.
public struct PortalShipment: Sendable, Hashable, Codable {
    /// The shipment number.
    public var shipmentNumber: String
    /// `shipped`, `in-transit` or `delivered`.
    public var status: String
    /// The orders it carries.
    public var orderNumbers: [String]
    /// The ship date.
    public var shipDate: String?
    /// When it left, as the warehouse wrote it.
    public var shippedAt: String?
    /// The carrier (SCAC).
    public var carrier: String?
    /// The carrier's service level.
    public var service: String?
    /// The carrier's PRO number.
    public var proNumber: String?
    /// The bill of lading.
    public var billOfLading: String?
    /// Parcel tracking numbers.
    public var trackingNumbers: [String]
    /// Whether it was tendered to a carrier through the TMS.
    public var tendered: Bool
    /// The latest delivery estimate.
    public var estimatedDelivery: String?
    /// The milestones, oldest first.
    public var milestones: [PortalMilestone]
}

/// One tracking milestone.
public struct PortalMilestone: Sendable, Hashable, Codable {
    /// The X12 AT701 status code.
    public var statusCode: String
    /// The status in words.
    public var statusDescription: String?
    /// The reason code.
    public var reasonCode: String?
    /// When it happened, with the offset of the place.
    public var eventTime: String
    /// Where, in words (`city, region, country`).
    public var location: String?
    /// Who signed for a delivery.
    public var signedBy: String?
}

/// An invoice of an order.
public struct PortalInvoice: Sendable, Hashable, Codable {
    /// The invoice number.
    public var invoiceNumber: String
    /// The invoice date.
    public var invoiceDate: String
    /// When payment is due.
    public var dueDate: String?
    /// The shipment invoiced.
    public var shipmentNumber: String?
    /// The currency.
    public var currency: String
    /// The amount due (decimal text).
    public var total: String
}
