import WireProtocol

extension X12Mapping {
    /// 945 Warehouse Shipping Advice → `shipment.confirmed` (``Shipment``).
    ///
    /// W06: W0604 shipment number (W0602 order number when empty), W0602 order, W0603 ship date, W0606 PO; G62
    /// `11` the shipped time; W27 the carrier (W2702 SCAC, W2703 routing, W2701 mode); N9/REF bill of lading and
    /// PRO by the profile's qualifiers; W03 total weight; each W12 a line (W1203 shipped, W1202 ordered, W1204
    /// backordered, W1209 lot) with its LX number; MAN `GM` and N9 `LV` holding an 18-digit SSCC become packages.
    static func shipment945(_ r: X12SetReader) throws -> EDIMappedEvent {
        let w06 = try r.required("W06", for: "the shipment")
        let orderNumber = w06[2]
        let shipmentNumber = [w06[4], w06[2]].first { !$0.isEmpty }
        guard let shipmentNumber else {
            throw r.failure("W0604 and W0602 are both empty: a shipment number is required", at: w06, element: "W0604")
        }
        guard let shipDate = X12TimeCodes.date(w06[3]) else {
            throw r.failure("W0603 ship date '\(w06[3])' is not a date CCYYMMDD", at: w06, element: "W0603")
        }
        let loops = r.partyLoops(r.body)
        var shipment = Shipment(
            shipmentNumber: shipmentNumber, orderNumbers: orderNumber.isEmpty ? [] : [orderNumber],
            purchaseOrderNumbers: w06[6].isEmpty ? nil : [w06[6]], shipDate: shipDate,
            facility: loops.first { ["WH", "SF"].contains($0[0][1]) }.map { $0[0][4].isEmpty ? $0[0][2] : $0[0][4] }
                .flatMap { $0.isEmpty ? nil : $0 },
            parties: loops.compactMap(r.party))
        for g62 in r.all("G62") where g62[1] == "11" {
            shipment.shippedAt = X12TimeCodes.timestamp(date: g62[2], time: g62[4], code: g62[5], profile: r.profile)
        }
        if let w27 = r.first("W27") {
            shipment.carrier = CarrierService(
                scac: w27[2].isEmpty ? nil : w27[2], name: w27[3].isEmpty ? nil : w27[3],
                mode: w27[1].isEmpty ? nil : w27[1])
        }
        for (q, v) in X12SetReader.references(r.body, tag: "N9") + X12SetReader.references(r.body, tag: "REF") {
            if r.profile.billOfLadingQualifiers.contains(q) { shipment.billOfLading = shipment.billOfLading ?? v }
            if r.profile.proNumberQualifiers.contains(q) { shipment.proNumber = shipment.proNumber ?? v }
        }
        if let w03 = r.first("W03") { shipment.totalWeight = r.weight(w03, value: 2, unit: 3) }
        var lx: String?
        for s in r.body {
            switch s.tag {
            case "LX": lx = s[1]
            case "W12":
                var item = r.item(s, pairsFrom: 7, upTo: 8)
                if !s[6].isEmpty && item.gtin == nil { item.gtin = s[6] }
                let unit = UnitOfMeasure(rawValue: s[5].isEmpty ? "EA" : s[5])
                let shipped = Quantity(value: try r.number(s, 3, "number of units shipped"), unit: unit)
                let ordered = s[2].isEmpty ? nil : Quantity(value: try r.number(s, 2, "quantity ordered"), unit: unit)
                let difference = s[4].isEmpty ? nil : try r.number(s, 4, "quantity difference")
                shipment.lines.append(
                    ShipmentLine(
                        lineNumber: lx ?? String(shipment.lines.count + 1),
                        orderNumber: orderNumber.isEmpty ? nil : orderNumber,
                        item: item, orderedQuantity: ordered, shippedQuantity: shipped,
                        backorderedQuantity: difference.flatMap {
                            $0.isNegative || $0.isZero ? nil : Quantity(value: $0, unit: unit)
                        },
                        lot: s[9].isEmpty ? nil : s[9]))
                lx = nil
            case "G69":
                if !shipment.lines.isEmpty && shipment.lines[shipment.lines.count - 1].description == nil {
                    shipment.lines[shipment.lines.count - 1].description = s[1]
                }
            case "MAN" where s[1] == "GM":
                if let sscc = X12Mapping.sscc(s[2]) { shipment.packages.append(Package(sscc: sscc)) }
            case "N9" where s[1] == "LV":
                if let sscc = X12Mapping.sscc(s[2]) { shipment.packages.append(Package(sscc: sscc)) }
            default: break
            }
        }
        if !shipment.packages.isEmpty { shipment.packageCount = shipment.packages.count }
        return try EDIMappedEvent(
            id: r.eventID(), type: .shipmentConfirmed, subject: shipmentNumber,
            time: shipment.shippedAt ?? r.documentTime,
            correlationID: orderNumber.isEmpty ? shipmentNumber : orderNumber, payload: shipment)
    }

    /// An SSCC from 18 digits, or 20 digits with the `00` application identifier.
    static func sscc(_ text: String) -> SSCC? {
        let t = text.trimmingASCIISpaces()
        if t.utf8.count == 20 && t.hasPrefix("00") { return SSCC(String(t.dropFirst(2))) }
        return SSCC(t)
    }

    /// ``sscc(_:)`` of element `n` of `segment`, checked on the bytes: a string is made only for a valid SSCC.
    static func sscc(element n: Int, of segment: EDISegment) -> SSCC? {
        guard let b = segment.elementBounds(n) else { return nil }
        if b.inner { return sscc(segment[n]) }
        var lower = b.range.lowerBound
        var upper = b.range.upperBound
        return segment.withContent { storage -> SSCC? in
            while lower < upper && storage[lower] == UInt8(ascii: " ") { lower += 1 }
            while upper > lower && storage[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
            if upper - lower == 20 && storage[lower] == UInt8(ascii: "0") && storage[lower + 1] == UInt8(ascii: "0") {
                lower += 2
            }
            guard upper - lower == 18 else { return nil }
            var sum = 0
            for k in 0..<18 {
                let byte = storage[lower + k]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                if k < 17 { sum += Int(byte - UInt8(ascii: "0")) * (k % 2 == 0 ? 3 : 1) }
            }
            guard Int(storage[lower + 17] - UInt8(ascii: "0")) == (10 - sum % 10) % 10 else { return nil }
            return SSCC(String(decoding: UnsafeBufferPointer(rebasing: storage[lower..<upper]), as: UTF8.self))
        }
    }
}

extension DecimalNumber {
    /// Whether the number is zero.
    var isZero: Bool { description.allSatisfy { $0 == "0" || $0 == "." || $0 == "-" } }
}
