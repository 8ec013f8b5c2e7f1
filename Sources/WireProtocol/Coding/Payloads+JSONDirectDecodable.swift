// Direct reading of the payloads on the hot path (see ``JSONDirectDecodable``).

extension AdvanceShipNotice: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let asnNumber = r.string("asnNumber")
        let purpose = r.string("purpose", optional: true)
        let createdAt = r.timestamp("createdAt", optional: true)
        let shipmentNumber = r.string("shipmentNumber", optional: true)
        let shipDate = r.date("shipDate")
        let estimatedDeliveryDate = r.date("estimatedDeliveryDate", optional: true)
        let parties: [Party]? = r.objects("parties")
        let carrier: CarrierService? = r.object("carrier", optional: true)
        let billOfLading = r.string("billOfLading", optional: true)
        let proNumber = r.string("proNumber", optional: true)
        let totalWeight: Weight? = r.object("totalWeight", optional: true)
        let packageCount = r.int("packageCount", optional: true)
        let orders: [ASNOrder]? = r.objects("orders")
        guard r.valid, let asnNumber, let shipDate, let parties, let orders else { return nil }
        self.init(
            asnNumber: asnNumber, purpose: purpose, createdAt: createdAt, shipmentNumber: shipmentNumber,
            shipDate: shipDate, estimatedDeliveryDate: estimatedDeliveryDate, parties: parties, carrier: carrier,
            billOfLading: billOfLading, proNumber: proNumber, totalWeight: totalWeight, packageCount: packageCount,
            orders: orders)
    }
}

extension ASNOrder: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let purchaseOrderNumber = r.string("purchaseOrderNumber")
        let orderNumber = r.string("orderNumber", optional: true)
        let purchaseOrderDate = r.date("purchaseOrderDate", optional: true)
        let tares: [ASNTare]? = r.objects("tares", optional: true)
        let packs: [ASNPack]? = r.objects("packs", optional: true)
        let items: [ASNItem]? = r.objects("items", optional: true)
        guard r.valid, let purchaseOrderNumber else { return nil }
        self.init(
            purchaseOrderNumber: purchaseOrderNumber, orderNumber: orderNumber, purchaseOrderDate: purchaseOrderDate,
            tares: tares, packs: packs, items: items)
    }
}

extension ASNTare: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let sscc = r.sscc("sscc", optional: true)
        let weight: Weight? = r.object("weight", optional: true)
        let packs: [ASNPack]? = r.objects("packs", optional: true)
        let items: [ASNItem]? = r.objects("items", optional: true)
        guard r.valid else { return nil }
        self.init(sscc: sscc, weight: weight, packs: packs, items: items)
    }
}

extension ASNPack: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let sscc = r.sscc("sscc", optional: true)
        let trackingNumber = r.string("trackingNumber", optional: true)
        let weight: Weight? = r.object("weight", optional: true)
        let items: [ASNItem]? = r.objects("items")
        guard r.valid, let items else { return nil }
        self.init(sscc: sscc, trackingNumber: trackingNumber, weight: weight, items: items)
    }
}

extension ASNItem: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let lineNumber = r.string("lineNumber")
        let item: ItemReference? = r.object("item")
        let description = r.string("description", optional: true)
        let shippedQuantity: Quantity? = r.object("shippedQuantity")
        let orderedQuantity: Quantity? = r.object("orderedQuantity", optional: true)
        let lot = r.string("lot", optional: true)
        guard r.valid, let lineNumber, let item, let shippedQuantity else { return nil }
        self.init(
            lineNumber: lineNumber, item: item, description: description, shippedQuantity: shippedQuantity,
            orderedQuantity: orderedQuantity, lot: lot)
    }
}

extension Order: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let orderNumber = r.string("orderNumber")
        let purchaseOrderNumber = r.string("purchaseOrderNumber", optional: true)
        let orderDate = r.date("orderDate", optional: true)
        let currency = r.currency("currency", optional: true)
        let parties: [Party]? = r.objects("parties")
        let requestedShipDate = r.date("requestedShipDate", optional: true)
        let requestedDeliveryDate = r.date("requestedDeliveryDate", optional: true)
        let carrier: CarrierService? = r.object("carrier", optional: true)
        let facility = r.string("facility", optional: true)
        let lines: [OrderLine]? = r.objects("lines")
        let notes = r.strings("notes", optional: true)
        guard r.valid, let orderNumber, let parties, let lines else { return nil }
        self.init(
            orderNumber: orderNumber, purchaseOrderNumber: purchaseOrderNumber, orderDate: orderDate,
            currency: currency, parties: parties, requestedShipDate: requestedShipDate,
            requestedDeliveryDate: requestedDeliveryDate, carrier: carrier, facility: facility, lines: lines,
            notes: notes)
    }
}

extension OrderLine: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let lineNumber = r.string("lineNumber")
        let item: ItemReference? = r.object("item")
        let description = r.string("description", optional: true)
        let quantity: Quantity? = r.object("quantity")
        let unitPrice = r.decimal("unitPrice", optional: true)
        let requestedShipDate = r.date("requestedShipDate", optional: true)
        guard r.valid, let lineNumber, let item, let quantity else { return nil }
        self.init(
            lineNumber: lineNumber, item: item, description: description, quantity: quantity, unitPrice: unitPrice,
            requestedShipDate: requestedShipDate)
    }
}

extension Shipment: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let shipmentNumber = r.string("shipmentNumber")
        let orderNumbers = r.strings("orderNumbers")
        let purchaseOrderNumbers = r.strings("purchaseOrderNumbers", optional: true)
        let shipDate = r.date("shipDate")
        let shippedAt = r.timestamp("shippedAt", optional: true)
        let estimatedDeliveryDate = r.date("estimatedDeliveryDate", optional: true)
        let facility = r.string("facility", optional: true)
        let parties: [Party]? = r.objects("parties")
        let carrier: CarrierService? = r.object("carrier", optional: true)
        let billOfLading = r.string("billOfLading", optional: true)
        let proNumber = r.string("proNumber", optional: true)
        let totalWeight: Weight? = r.object("totalWeight", optional: true)
        let packageCount = r.int("packageCount", optional: true)
        let packages: [Package]? = r.objects("packages")
        let lines: [ShipmentLine]? = r.objects("lines")
        guard r.valid, let shipmentNumber, let orderNumbers, let shipDate, let parties, let packages, let lines
        else { return nil }
        self.init(
            shipmentNumber: shipmentNumber, orderNumbers: orderNumbers, purchaseOrderNumbers: purchaseOrderNumbers,
            shipDate: shipDate, shippedAt: shippedAt, estimatedDeliveryDate: estimatedDeliveryDate,
            facility: facility, parties: parties, carrier: carrier, billOfLading: billOfLading, proNumber: proNumber,
            totalWeight: totalWeight, packageCount: packageCount, packages: packages, lines: lines)
    }
}

extension Package: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let sscc = r.sscc("sscc", optional: true)
        let trackingNumber = r.string("trackingNumber", optional: true)
        let packagingCode = r.string("packagingCode", optional: true)
        let weight: Weight? = r.object("weight", optional: true)
        let contents: [PackageContent]? = r.objects("contents", optional: true)
        guard r.valid else { return nil }
        self.init(
            sscc: sscc, trackingNumber: trackingNumber, packagingCode: packagingCode, weight: weight,
            contents: contents)
    }
}

extension PackageContent: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let lineNumber = r.string("lineNumber")
        let quantity: Quantity? = r.object("quantity")
        guard r.valid, let lineNumber, let quantity else { return nil }
        self.init(lineNumber: lineNumber, quantity: quantity)
    }
}

extension ShipmentLine: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let lineNumber = r.string("lineNumber")
        let orderNumber = r.string("orderNumber", optional: true)
        let orderLineNumber = r.string("orderLineNumber", optional: true)
        let item: ItemReference? = r.object("item")
        let description = r.string("description", optional: true)
        let orderedQuantity: Quantity? = r.object("orderedQuantity", optional: true)
        let shippedQuantity: Quantity? = r.object("shippedQuantity")
        let backorderedQuantity: Quantity? = r.object("backorderedQuantity", optional: true)
        let lot = r.string("lot", optional: true)
        guard r.valid, let lineNumber, let item, let shippedQuantity else { return nil }
        self.init(
            lineNumber: lineNumber, orderNumber: orderNumber, orderLineNumber: orderLineNumber, item: item,
            description: description, orderedQuantity: orderedQuantity, shippedQuantity: shippedQuantity,
            backorderedQuantity: backorderedQuantity, lot: lot)
    }
}

extension InventoryAdjustment: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let adjustmentNumber = r.string("adjustmentNumber")
        let adjustedAt = r.timestamp("adjustedAt")
        let facility = r.string("facility")
        let location = r.string("location", optional: true)
        let item: ItemReference? = r.object("item")
        let lot = r.string("lot", optional: true)
        let delta: Quantity? = r.object("delta")
        let reasonCode = r.string("reasonCode")
        let reasonDescription = r.string("reasonDescription", optional: true)
        let resultingOnHand: Quantity? = r.object("resultingOnHand", optional: true)
        guard r.valid, let adjustmentNumber, let adjustedAt, let facility, let item, let delta, let reasonCode
        else { return nil }
        self.init(
            adjustmentNumber: adjustmentNumber, adjustedAt: adjustedAt, facility: facility, location: location,
            item: item, lot: lot, delta: delta, reasonCode: reasonCode, reasonDescription: reasonDescription,
            resultingOnHand: resultingOnHand)
    }
}
