import WireProtocol

/// Turns what Tryton returns for a sale and one of its customer shipments into the canonical ``Order``.
///
/// The lines are the shipment's outgoing moves (so a backorder is released with what is left to ship), numbered
/// by the position of their sale line in the sale (1, 2, …), with the product code as SKU and the unit mapped to
/// an X12 code.
struct TrytonOrderMapping {
    /// Tryton unit symbol → X12 unit code.
    var units: [String: String]

    /// The sale fields the mapping reads.
    static let saleFields = [
        "number", "reference", "sale_date", "currency.code", "party.name", "party.code", "shipment_party.name",
        "shipment_address.street", "shipment_address.city", "shipment_address.postal_code",
        "shipment_address.country.code", "shipment_address.subdivision.code", "warehouse.code", "lines", "shipments",
        "comment",
    ]
    /// The customer shipment fields it reads.
    static let shipmentFields = ["state", "planned_date", "warehouse.code", "outgoing_moves"]
    /// The move fields it reads.
    static let moveFields = ["product.code", "product.name", "quantity", "uom.symbol", "unit_price", "origin", "state"]

    /// The order for `shipment` of `sale`, with `moves` its outgoing moves.
    func order(sale: JSONObject, shipment: JSONObject, moves: [JSONObject]) -> Order {
        let saleLines = TrytonValue.ids(sale["lines"])
        let lines = moves.compactMap { move -> OrderLine? in
            guard move["state"]?.stringValue != "cancelled",
                let quantity = TrytonValue.number(move["quantity"]), !quantity.isNegative
            else { return nil }
            let origin = move["origin"]?.stringValue ?? ""
            let saleLine = origin.hasPrefix("sale.line,") ? Int(origin.dropFirst("sale.line,".count)) : nil
            let position = saleLine.flatMap { saleLines.firstIndex(of: $0) }.map { $0 + 1 }
            return OrderLine(
                lineNumber: String(position ?? (TrytonValue.id(move["id"]) ?? 0)),
                item: ItemReference(sku: TrytonValue.related(move, "product.code")?.stringValue),
                description: TrytonValue.related(move, "product.name")?.stringValue,
                quantity: Quantity(value: quantity, unit: unit(TrytonValue.related(move, "uom.symbol")?.stringValue)),
                unitPrice: TrytonValue.number(move["unit_price"]))
        }.sorted { (Int($0.lineNumber) ?? 0, $0.lineNumber) < (Int($1.lineNumber) ?? 0, $1.lineNumber) }
        let customer = TrytonValue.related(sale, "party.name")?.stringValue
        var soldTo = Party(role: "sold-to", name: customer)
        if let code = TrytonValue.related(sale, "party.code")?.stringValue, !code.isEmpty {
            soldTo.identifiers = [PartyIdentifier(scheme: "seller-assigned", value: code)]
        }
        let shipTo = Party(
            role: "ship-to", name: TrytonValue.related(sale, "shipment_party.name")?.stringValue ?? customer,
            address: address(sale))
        let comment = sale["comment"]?.stringValue.flatMap { $0.isEmpty ? nil : [$0] }
        return Order(
            orderNumber: sale["number"]?.stringValue ?? "",
            purchaseOrderNumber: sale["reference"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            orderDate: TrytonValue.localDate(sale["sale_date"]),
            currency: TrytonValue.related(sale, "currency.code")?.stringValue.flatMap { CurrencyCode($0) },
            parties: [shipTo, soldTo],
            requestedShipDate: TrytonValue.localDate(shipment["planned_date"]),
            facility: TrytonValue.related(shipment, "warehouse.code")?.stringValue,
            lines: lines,
            notes: comment)
    }

    /// The X12 code for a Tryton unit symbol (the symbol upper-cased when it is not mapped).
    func unit(_ symbol: String?) -> UnitOfMeasure {
        guard let symbol else { return .each }
        return UnitOfMeasure(rawValue: units[symbol] ?? symbol.uppercased())
    }

    private func address(_ sale: JSONObject) -> Address? {
        guard let city = TrytonValue.related(sale, "shipment_address.city")?.stringValue, !city.isEmpty,
            let country = TrytonValue.related(sale, "shipment_address.country.code")?.stringValue
        else { return nil }
        let street = TrytonValue.related(sale, "shipment_address.street")?.stringValue ?? ""
        let lines = street.split(whereSeparator: \.isNewline).map(String.init)
        var region = TrytonValue.related(sale, "shipment_address.subdivision.code")?.stringValue
        if let code = region, code.hasPrefix(country + "-") { region = String(code.dropFirst(country.count + 1)) }
        return Address(
            lines: lines, city: city, region: region,
            postalCode: TrytonValue.related(sale, "shipment_address.postal_code")?.stringValue, country: country)
    }
}
