// The direct JSON of the payloads on the hot paths; member order follows each type's declaration.

extension AdvanceShipNotice: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 13)
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
        return json.value
    }
}

extension ASNOrder: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 6)
        json.add("purchaseOrderNumber", purchaseOrderNumber)
        json.add("orderNumber", orderNumber)
        json.add("purchaseOrderDate", purchaseOrderDate)
        json.add("tares", tares)
        json.add("packs", packs)
        json.add("items", items)
        return json.value
    }
}

extension ASNTare: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 4)
        json.add("sscc", sscc)
        json.add("weight", weight)
        json.add("packs", packs)
        json.add("items", items)
        return json.value
    }
}

extension ASNPack: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 4)
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("weight", weight)
        json.add("items", items)
        return json.value
    }
}

extension ASNItem: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 6)
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("shippedQuantity", shippedQuantity)
        json.add("orderedQuantity", orderedQuantity)
        json.add("lot", lot)
        return json.value
    }
}

extension Order: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 11)
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
        return json.value
    }
}

extension OrderLine: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 6)
        json.add("lineNumber", lineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("quantity", quantity)
        json.add("unitPrice", unitPrice)
        json.add("requestedShipDate", requestedShipDate)
        return json.value
    }
}

extension Shipment: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 15)
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
        return json.value
    }
}

extension Package: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 5)
        json.add("sscc", sscc)
        json.add("trackingNumber", trackingNumber)
        json.add("packagingCode", packagingCode)
        json.add("weight", weight)
        json.add("contents", contents)
        return json.value
    }
}

extension PackageContent: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 2)
        json.add("lineNumber", lineNumber)
        json.add("quantity", quantity)
        return json.value
    }
}

extension ShipmentLine: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 9)
        json.add("lineNumber", lineNumber)
        json.add("orderNumber", orderNumber)
        json.add("orderLineNumber", orderLineNumber)
        json.add("item", item)
        json.add("description", description)
        json.add("orderedQuantity", orderedQuantity)
        json.add("shippedQuantity", shippedQuantity)
        json.add("backorderedQuantity", backorderedQuantity)
        json.add("lot", lot)
        return json.value
    }
}

extension InventoryAdjustment: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 10)
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
        return json.value
    }
}
