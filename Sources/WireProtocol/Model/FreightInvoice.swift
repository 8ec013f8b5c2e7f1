/// A carrier's invoice for moving a shipment (X12 210).
///
/// `subject` is ``invoiceNumber``.
public struct FreightInvoice: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.freightInvoiced]

    /// The carrier's invoice number; the business key.
    public var invoiceNumber: String
    /// The invoice date.
    public var invoiceDate: LocalDate
    /// When payment is due.
    public var dueDate: LocalDate?
    /// The invoicing carrier (SCAC).
    public var carrier: CarrierService
    /// The bill of lading number.
    public var billOfLading: String?
    /// The PRO number.
    public var proNumber: String?
    /// The shipper's shipment number.
    public var shipmentNumber: String?
    /// When the goods were picked up.
    public var shipDate: LocalDate?
    /// When they were delivered.
    public var deliveryDate: LocalDate?
    /// `prepaid`, `collect` or `third-party`.
    public var paymentMethod: String?
    /// `shipper`, `consignee`, `bill-to`.
    public var parties: [Party]?
    /// The currency of every amount.
    public var currency: CurrencyCode
    /// The actual weight.
    public var weight: Weight?
    /// The weight charged (dimensional or minimum).
    public var billedWeight: Weight?
    /// The charges; at least one.
    public var charges: [FreightCharge]
    /// The amount due: the sum of the charges.
    public var totalAmount: DecimalNumber

    /// Creates the value from its members.
    public init(
        invoiceNumber: String,
        invoiceDate: LocalDate,
        dueDate: LocalDate? = nil,
        carrier: CarrierService,
        billOfLading: String? = nil,
        proNumber: String? = nil,
        shipmentNumber: String? = nil,
        shipDate: LocalDate? = nil,
        deliveryDate: LocalDate? = nil,
        paymentMethod: String? = nil,
        parties: [Party]? = nil,
        currency: CurrencyCode,
        weight: Weight? = nil,
        billedWeight: Weight? = nil,
        charges: [FreightCharge] = [],
        totalAmount: DecimalNumber
    ) {
        self.invoiceNumber = invoiceNumber
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.carrier = carrier
        self.billOfLading = billOfLading
        self.proNumber = proNumber
        self.shipmentNumber = shipmentNumber
        self.shipDate = shipDate
        self.deliveryDate = deliveryDate
        self.paymentMethod = paymentMethod
        self.parties = parties
        self.currency = currency
        self.weight = weight
        self.billedWeight = billedWeight
        self.charges = charges
        self.totalAmount = totalAmount
    }
}

/// One freight charge line.
public struct FreightCharge: Codable, Sendable, Hashable {
    /// The charge code (X12 L1 special charge code, e.g. `400` freight, `FUE` fuel surcharge, `DET` detention).
    public var code: String
    /// The charge in words.
    public var description: String?
    /// The rate applied.
    public var rate: DecimalNumber?
    /// What the rate was applied to (weight, miles, pieces).
    public var ratedQuantity: Quantity?
    /// The charge; negative for a discount.
    public var amount: DecimalNumber

    /// Creates the value from its members.
    public init(
        code: String,
        description: String? = nil,
        rate: DecimalNumber? = nil,
        ratedQuantity: Quantity? = nil,
        amount: DecimalNumber
    ) {
        self.code = code
        self.description = description
        self.rate = rate
        self.ratedQuantity = ratedQuantity
        self.amount = amount
    }
}
