// The payloads on the hot paths write their JSON bytes member by member, in the order of their `directJSON`.

extension AdvanceShipNotice {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
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
        json.endObject()
    }
}

extension ASNOrder {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("purchaseOrderNumber", purchaseOrderNumber)
        json.add("orderNumber", orderNumber)
        json.add("purchaseOrderDate", purchaseOrderDate)
        json.add("tares", tares)
        json.add("packs", packs)
        json.add("items", items)
        json.endObject()
    }
}

extension ASNTare {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("sscc", sscc)
        json.add("weight", weight)
        json.add("packs", packs)
        json.add("items", items)
        json.endObject()
    }
}

extension ASNPack {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("weight", weight)
        json.add("items", items)
        json.endObject()
    }
}

extension ASNItem {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("shippedQuantity", shippedQuantity)
        json.add("orderedQuantity", orderedQuantity)
        json.add("lot", lot)
        json.endObject()
    }
}

extension Order {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
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
        json.endObject()
    }
}

extension OrderLine {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("quantity", quantity)
        json.add("unitPrice", unitPrice)
        json.add("requestedShipDate", requestedShipDate)
        json.endObject()
    }
}

extension Shipment {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
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
        json.endObject()
    }
}

extension Package {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("packagingCode", packagingCode)
        json.add("weight", weight)
        json.add("contents", contents)
        json.endObject()
    }
}

extension PackageContent {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("lineNumber", lineNumber)
        json.add("quantity", quantity)
        json.endObject()
    }
}

extension ShipmentLine {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("lineNumber", lineNumber)
        json.add("orderNumber", orderNumber)
        json.add("orderLineNumber", orderLineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("orderedQuantity", orderedQuantity)
        json.add("shippedQuantity", shippedQuantity)
        json.add("backorderedQuantity", backorderedQuantity)
        json.add("lot", lot)
        json.endObject()
    }
}

extension InventoryAdjustment {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
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
        json.endObject()
    }
}
