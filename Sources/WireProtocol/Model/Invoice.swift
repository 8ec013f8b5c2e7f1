/// A customer invoice (X12 810 / EDIFACT INVOIC).
///
/// `subject` is ``invoiceNumber``.
public struct Invoice: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.invoiceIssued]

    /// The invoice number; the business key.
    public var invoiceNumber: String
    /// The invoice date.
    public var invoiceDate: LocalDate
    /// When payment is due.
    public var dueDate: LocalDate?
    /// The sales order invoiced.
    public var orderNumber: String?
    /// The customer's purchase order.
    public var purchaseOrderNumber: String?
    /// The shipment invoiced.
    public var shipmentNumber: String?
    /// The currency of every amount, ISO 4217.
    public var currency: CurrencyCode
    /// `bill-to`, `remit-to`, `sold-to`, `ship-to`.
    public var parties: [Party]
    /// Payment terms in words or code (e.g. `NET30`).
    public var paymentTerms: String?
    /// The invoice lines; at least one.
    public var lines: [InvoiceLine]
    /// Taxes on the whole invoice.
    public var taxes: [TaxAmount]?
    /// The sum of the line amounts.
    public var subtotal: DecimalNumber
    /// The sum of all taxes.
    public var taxTotal: DecimalNumber
    /// The amount due: subtotal plus taxes.
    public var total: DecimalNumber

    /// Creates the value from its members.
    public init(
        invoiceNumber: String,
        invoiceDate: LocalDate,
        dueDate: LocalDate? = nil,
        orderNumber: String? = nil,
        purchaseOrderNumber: String? = nil,
        shipmentNumber: String? = nil,
        currency: CurrencyCode,
        parties: [Party] = [],
        paymentTerms: String? = nil,
        lines: [InvoiceLine] = [],
        taxes: [TaxAmount]? = nil,
        subtotal: DecimalNumber,
        taxTotal: DecimalNumber,
        total: DecimalNumber
    ) {
        self.invoiceNumber = invoiceNumber
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.orderNumber = orderNumber
        self.purchaseOrderNumber = purchaseOrderNumber
        self.shipmentNumber = shipmentNumber
        self.currency = currency
        self.parties = parties
        self.paymentTerms = paymentTerms
        self.lines = lines
        self.taxes = taxes
        self.subtotal = subtotal
        self.taxTotal = taxTotal
        self.total = total
    }
}

/// One invoice line.
public struct InvoiceLine: Codable, Sendable, Hashable {
    /// The line number.
    public var lineNumber: String
    /// The item.
    public var item: ItemReference
    /// The item's description.
    public var description: String?
    /// The quantity invoiced.
    public var quantity: Quantity
    /// The price per unit.
    public var unitPrice: DecimalNumber
    /// The line's amount before tax.
    public var lineAmount: DecimalNumber
    /// Taxes on this line.
    public var taxes: [TaxAmount]?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        item: ItemReference,
        description: String? = nil,
        quantity: Quantity,
        unitPrice: DecimalNumber,
        lineAmount: DecimalNumber,
        taxes: [TaxAmount]? = nil
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.lineAmount = lineAmount
        self.taxes = taxes
    }
}

/// A tax.
public struct TaxAmount: Codable, Sendable, Hashable {
    /// The kind of tax: `sales`, `vat`, `gst`, or an X12 TXI01 code.
    public var type: String
    /// The rate in percent (e.g. `8.25`).
    public var rate: DecimalNumber?
    /// The amount the rate applies to.
    public var taxableAmount: DecimalNumber?
    /// The tax amount.
    public var amount: DecimalNumber

    /// Creates the value from its members.
    public init(type: String, rate: DecimalNumber? = nil, taxableAmount: DecimalNumber? = nil, amount: DecimalNumber) {
        self.type = type
        self.rate = rate
        self.taxableAmount = taxableAmount
        self.amount = amount
    }
}
