/// An advance ship notice: a shipment with its pack hierarchy (X12 856 / EDIFACT DESADV).
///
/// The hierarchy follows the HL levels shipment → order → tare (pallet) → pack (carton) → item. Each order holds
/// tares, packs, or items directly (standard pack, pick-and-pack, or unpacked). `subject` is ``asnNumber``.
public struct AdvanceShipNotice: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.shipmentAdvised]

    /// The ASN's shipment identification (BSN02); the business key.
    public var asnNumber: String
    /// `original`, `replace` or `cancel` (BSN01 `00`, `05`, `01`).
    public var purpose: String?
    /// When the ASN was created (BSN03/BSN04).
    public var createdAt: ZonedDateTime?
    /// The shipper's shipment number, when different from the ASN number.
    public var shipmentNumber: String?
    /// The ship date.
    public var shipDate: LocalDate
    /// The expected delivery date.
    public var estimatedDeliveryDate: LocalDate?
    /// At least `ship-from` and `ship-to`.
    public var parties: [Party]
    /// The carrier (SCAC) and service.
    public var carrier: CarrierService?
    /// The bill of lading number.
    public var billOfLading: String?
    /// The carrier's PRO number.
    public var proNumber: String?
    /// Gross weight of the shipment.
    public var totalWeight: Weight?
    /// The number of handling units.
    public var packageCount: Int?
    /// The orders in the shipment (HL order level).
    public var orders: [ASNOrder]

    /// Creates the value from its members.
    public init(
        asnNumber: String,
        purpose: String? = nil,
        createdAt: ZonedDateTime? = nil,
        shipmentNumber: String? = nil,
        shipDate: LocalDate,
        estimatedDeliveryDate: LocalDate? = nil,
        parties: [Party] = [],
        carrier: CarrierService? = nil,
        billOfLading: String? = nil,
        proNumber: String? = nil,
        totalWeight: Weight? = nil,
        packageCount: Int? = nil,
        orders: [ASNOrder] = []
    ) {
        self.asnNumber = asnNumber
        self.purpose = purpose
        self.createdAt = createdAt
        self.shipmentNumber = shipmentNumber
        self.shipDate = shipDate
        self.estimatedDeliveryDate = estimatedDeliveryDate
        self.parties = parties
        self.carrier = carrier
        self.billOfLading = billOfLading
        self.proNumber = proNumber
        self.totalWeight = totalWeight
        self.packageCount = packageCount
        self.orders = orders
    }
}

/// The order level of an ASN.
public struct ASNOrder: Codable, Sendable, Hashable {
    /// The customer's purchase order number (PRF01).
    public var purchaseOrderNumber: String
    /// The seller's order number.
    public var orderNumber: String?
    /// The purchase order's date.
    public var purchaseOrderDate: LocalDate?
    /// Pallets (HL tare level).
    public var tares: [ASNTare]?
    /// Cartons not on a listed pallet (HL pack level).
    public var packs: [ASNPack]?
    /// Items not in a listed carton (HL item level).
    public var items: [ASNItem]?

    /// Creates the value from its members.
    public init(
        purchaseOrderNumber: String,
        orderNumber: String? = nil,
        purchaseOrderDate: LocalDate? = nil,
        tares: [ASNTare]? = nil,
        packs: [ASNPack]? = nil,
        items: [ASNItem]? = nil
    ) {
        self.purchaseOrderNumber = purchaseOrderNumber
        self.orderNumber = orderNumber
        self.purchaseOrderDate = purchaseOrderDate
        self.tares = tares
        self.packs = packs
        self.items = items
    }
}

/// A pallet (HL tare level).
public struct ASNTare: Codable, Sendable, Hashable {
    /// The pallet's SSCC.
    public var sscc: SSCC?
    /// Gross weight.
    public var weight: Weight?
    /// The cartons on the pallet.
    public var packs: [ASNPack]?
    /// Items on the pallet not in a carton.
    public var items: [ASNItem]?

    /// Creates the value from its members.
    public init(sscc: SSCC? = nil, weight: Weight? = nil, packs: [ASNPack]? = nil, items: [ASNItem]? = nil) {
        self.sscc = sscc
        self.weight = weight
        self.packs = packs
        self.items = items
    }
}

/// A carton (HL pack level).
public struct ASNPack: Codable, Sendable, Hashable {
    /// The carton's SSCC.
    public var sscc: SSCC?
    /// The parcel tracking number.
    public var trackingNumber: String?
    /// Gross weight.
    public var weight: Weight?
    /// What is in the carton.
    public var items: [ASNItem]

    /// Creates the value from its members.
    public init(sscc: SSCC? = nil, trackingNumber: String? = nil, weight: Weight? = nil, items: [ASNItem] = []) {
        self.sscc = sscc
        self.trackingNumber = trackingNumber
        self.weight = weight
        self.items = items
    }
}

/// An item in an ASN (HL item level).
public struct ASNItem: Codable, Sendable, Hashable {
    /// The purchase order line number (LIN01).
    public var lineNumber: String
    /// The item.
    public var item: ItemReference
    /// The item's description.
    public var description: String?
    /// The quantity shipped in this container (SN102/SN103).
    public var shippedQuantity: Quantity
    /// The quantity ordered.
    public var orderedQuantity: Quantity?
    /// Lot or batch number.
    public var lot: String?

    /// Creates the value from its members.
    public init(
        lineNumber: String,
        item: ItemReference,
        description: String? = nil,
        shippedQuantity: Quantity,
        orderedQuantity: Quantity? = nil,
        lot: String? = nil
    ) {
        self.lineNumber = lineNumber
        self.item = item
        self.description = description
        self.shippedQuantity = shippedQuantity
        self.orderedQuantity = orderedQuantity
        self.lot = lot
    }
}
