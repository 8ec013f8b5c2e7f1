// The members of the payloads on the hot paths, listed once for both their JSON tree and their JSON bytes; member
// order follows each type's declaration.

extension AdvanceShipNotice: JSONDirectEncodable {
    static var jsonMemberCount: Int { 13 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("asnNumber", asnNumber)
        json.add("purpose", purpose)
        json.add("createdAt", createdAt)
        json.add("shipmentNumber", shipmentNumber)
        json.add("shipDate", shipDate)
        json.add("estimatedDeliveryDate", estimatedDeliveryDate)
        json.add("parties", parties)
        json.add("carrier", carrier)
        json.add("billOfLading", billOfLading)
        json.add("proNumber", proNumber)
        json.add("totalWeight", totalWeight)
        json.add("packageCount", packageCount)
        json.add("orders", orders)
    }
}

extension ASNOrder: JSONDirectEncodable {
    static var jsonMemberCount: Int { 6 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("purchaseOrderNumber", purchaseOrderNumber)
        json.add("orderNumber", orderNumber)
        json.add("purchaseOrderDate", purchaseOrderDate)
        json.add("tares", tares)
        json.add("packs", packs)
        json.add("items", items)
    }
}

extension ASNTare: JSONDirectEncodable {
    static var jsonMemberCount: Int { 4 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("sscc", sscc)
        json.add("weight", weight)
        json.add("packs", packs)
        json.add("items", items)
    }
}

extension ASNPack: JSONDirectEncodable {
    static var jsonMemberCount: Int { 4 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("weight", weight)
        json.add("items", items)
    }
}

extension ASNItem: JSONDirectEncodable {
    static var jsonMemberCount: Int { 6 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("shippedQuantity", shippedQuantity)
        json.add("orderedQuantity", orderedQuantity)
        json.add("lot", lot)
    }
}

extension Order: JSONDirectEncodable {
    static var jsonMemberCount: Int { 11 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("orderNumber", orderNumber)
        json.add("purchaseOrderNumber", purchaseOrderNumber)
        json.add("orderDate", orderDate)
        json.add("currency", currency)
        json.add("parties", parties)
        json.add("requestedShipDate", requestedShipDate)
        json.add("requestedDeliveryDate", requestedDeliveryDate)
        json.add("carrier", carrier)
        json.add("facility", facility)
        json.add("lines", lines)
        json.add("notes", notes)
    }
}

extension OrderLine: JSONDirectEncodable {
    static var jsonMemberCount: Int { 6 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("quantity", quantity)
        json.add("unitPrice", unitPrice)
        json.add("requestedShipDate", requestedShipDate)
    }
}

extension Shipment: JSONDirectEncodable {
    static var jsonMemberCount: Int { 15 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("shipmentNumber", shipmentNumber)
        json.add("orderNumbers", orderNumbers)
        json.add("purchaseOrderNumbers", purchaseOrderNumbers)
        json.add("shipDate", shipDate)
        json.add("shippedAt", shippedAt)
        json.add("estimatedDeliveryDate", estimatedDeliveryDate)
        json.add("facility", facility)
        json.add("parties", parties)
        json.add("carrier", carrier)
        json.add("billOfLading", billOfLading)
        json.add("proNumber", proNumber)
        json.add("totalWeight", totalWeight)
        json.add("packageCount", packageCount)
        json.add("packages", packages)
        json.add("lines", lines)
    }
}

extension Package: JSONDirectEncodable {
    static var jsonMemberCount: Int { 5 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("packagingCode", packagingCode)
        json.add("weight", weight)
        json.add("contents", contents)
    }
}

extension PackageContent: JSONDirectEncodable {
    static var jsonMemberCount: Int { 2 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("lineNumber", lineNumber)
        json.add("quantity", quantity)
    }
}

extension ShipmentLine: JSONDirectEncodable {
    static var jsonMemberCount: Int { 9 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("lineNumber", lineNumber)
        json.add("orderNumber", orderNumber)
        json.add("orderLineNumber", orderLineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("orderedQuantity", orderedQuantity)
        json.add("shippedQuantity", shippedQuantity)
        json.add("backorderedQuantity", backorderedQuantity)
        json.add("lot", lot)
    }
}

extension InventoryAdjustment: JSONDirectEncodable {
    static var jsonMemberCount: Int { 10 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("adjustmentNumber", adjustmentNumber)
        json.add("adjustedAt", adjustedAt)
        json.add("facility", facility)
        json.add("location", location)
        json.add("item", item)
        json.add("lot", lot)
        json.add("delta", delta)
        json.add("reasonCode", reasonCode)
        json.add("reasonDescription", reasonDescription)
        json.add("resultingOnHand", resultingOnHand)
    }
}
