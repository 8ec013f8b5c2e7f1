/// A shipment: what left (or will leave) a facility, in which packages, with which carrier.
///
/// The `data` of ``EventType/shipmentConfirmed`` (goods left the warehouse) and ``EventType/shipmentTendered``
/// (the load was offered to a carrier). `subject` is ``shipmentNumber``.
public struct Shipment: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.shipmentConfirmed, .shipmentTendered]

    /// The shipment's number; the business key.
    public var shipmentNumber: String
    /// The sales orders shipped (may be empty).
    public var orderNumbers: [String]
    /// The customers' purchase order numbers.
    public var purchaseOrderNumbers: [String]?
    /// The ship date (planned, for a tender).
    public var shipDate: LocalDate
    /// When the shipment left, with the facility's offset.
    public var shippedAt: ZonedDateTime?
    /// The expected delivery date.
    public var estimatedDeliveryDate: LocalDate?
    /// The warehouse or site code it ships from.
    public var facility: String?
    /// At least `ship-from` and `ship-to`.
    public var parties: [Party]
    /// The carrier (SCAC) and service.
    public var carrier: CarrierService?
    /// The bill of lading number.
    public var billOfLading: String?
    /// The carrier's PRO (progressive) number.
    public var proNumber: String?
    /// The gross weight of the shipment.
    public var totalWeight: Weight?
    /// The number of packages (handling units).
    public var packageCount: Int?
    /// The packages (may be empty for bulk loads).
    public var packages: [Package]
    /// What shipped, per order line.
    public var lines: [ShipmentLine]

    /// Creates the value from its members.
    public init(
        shipmentNumber: String,
        orderNumbers: [String] = [],
        purchaseOrderNumbers: [String]? = nil,
        shipDate: LocalDate,
        shippedAt: ZonedDateTime? = nil,
        estimatedDeliveryDate: LocalDate? = nil,
        facility: String? = nil,
        parties: [Party] = [],
        carrier: CarrierService? = nil,
        billOfLading: String? = nil,
        proNumber: String? = nil,
        totalWeight: Weight? = nil,
        packageCount: Int? = nil,
        packages: [Package] = [],
        lines: [ShipmentLine] = []
    ) {
        self.shipmentNumber = shipmentNumber
        self.orderNumbers = orderNumbers
        self.purchaseOrderNumbers = purchaseOrderNumbers
        self.shipDate = shipDate
        self.shippedAt = shippedAt
        self.estimatedDeliveryDate = estimatedDeliveryDate
        self.facility = facility
        self.parties = parties
        self.carrier = carrier
        self.billOfLading = billOfLading
        self.proNumber = proNumber
        self.totalWeight = totalWeight
        self.packageCount = packageCount
        self.packages = packages
        self.lines = lines
    }
}

/// A handling unit: carton, pallet, parcel.
public struct Package: Codable, Sendable, Hashable {
    /// The unit's Serial Shipping Container Code.
    public var sscc: SSCC?
    /// The parcel carrier's tracking number.
    public var trackingNumber: String?
    /// The kind of package, X12 packaging code (e.g. `CTN`, `PLT`).
    public var packagingCode: String?
    /// The gross weight.
    public var weight: Weight?
    /// What is in the package.
    public var contents: [PackageContent]?

    /// Creates the value from its members.
    public init(
        sscc: SSCC? = nil,
        trackingNumber: String? = nil,
        packagingCode: String? = nil,
        weight: Weight? = nil,
        contents: [PackageContent]? = nil
    ) {
        self.sscc = sscc
        self.trackingNumber = trackingNumber
        self.packagingCode = packagingCode
        self.weight = weight
        self.contents = contents
    }
}

/// How much of a shipment line is in one package.
public struct PackageContent: Codable, Sendable, Hashable {
    /// The shipment line (``ShipmentLine/lineNumber``).
    public var lineNumber: String
    /// The quantity in this package.
    public var quantity: Quantity

    /// Creates the value from its members.
    public init(lineNumber: String, quantity: Quantity) {
        self.lineNumber = lineNumber
        self.quantity = quantity
    }
}

/// One shipped line: what was ordered and what shipped.
public struct ShipmentLine: Codable, Sendable, Hashable {
    /// The shipment line number.
    public var lineNumber: String
    /// The sales order this line fulfils.
    public var orderNumber: String?
    /// The order line it fulfils.
    public var orderLineNumber: String?
    /// The item.
    public var item: ItemReference
    /// The item's description.
    public var description: String?
    /// The quantity ordered.
    public var orderedQuantity: Quantity?
    /// The quantity shipped.
    public var shippedQuantity: Quantity
    /// The quantity left to ship later.
    public var backorderedQuantity: Quantity?
    /// Lot or batch number.
    public var lot: String?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        orderNumber: String? = nil,
        orderLineNumber: String? = nil,
        item: ItemReference,
        description: String? = nil,
        orderedQuantity: Quantity? = nil,
        shippedQuantity: Quantity,
        backorderedQuantity: Quantity? = nil,
        lot: String? = nil
    ) {
        self.lineNumber = lineNumber
        self.orderNumber = orderNumber
        self.orderLineNumber = orderLineNumber
        self.item = item
        self.description = description
        self.orderedQuantity = orderedQuantity
        self.shippedQuantity = shippedQuantity
        self.backorderedQuantity = backorderedQuantity
        self.lot = lot
    }
}
