import WireProtocol

extension X12Mapping {
    /// 940 Warehouse Shipping Order → `order.released` (``Order``).
    ///
    /// W05 gives the order (element ``PartnerProfile/orderNumberElement940``) and PO numbers; N1 loops the
    /// parties (`WH` is the facility, N104 or N102, and not a party); G62 `10`/`37` the ship date, `02`/`53`/`54` the delivery date, `04`
    /// the order date; W66 the carrier (W6610 SCAC, W6605 routing, W6602 mode); NTE notes; each W01 (with its
    /// LX number and G69 description) a line.
    static func order940(_ r: X12SetReader) throws -> EDIMappedEvent {
        let w05 = try r.required("W05", for: "the order number")
        let chosen = r.profile.orderNumberElement940
        let orderNumber = [w05[chosen], w05[2], w05[3]].first { !$0.isEmpty }
        guard let orderNumber else {
            throw r.failure("W0502 and W0503 are both empty: the order number is required", at: w05, element: "W0502")
        }
        let po = w05[3].isEmpty || w05[3] == orderNumber ? nil : w05[3]
        // The warehouse (N1 WH) is the order's facility, not one of its parties.
        let body = r.set.body
        let loops = r.partyLoops(body)
        let parties = loops.filter { !$0[0].element(1, is: "WH") }.compactMap(r.party)
        let facility = loops.first { $0[0].element(1, is: "WH") }.map { $0[0].isEmpty(4) ? $0[0][2] : $0[0][4] }
        var order = Order(orderNumber: orderNumber, purchaseOrderNumber: po, parties: parties, facility: facility)
        for g62 in r.all("G62") {
            let date = X12TimeCodes.date(g62[2])
            switch g62[1] {
            case "10", "37": order.requestedShipDate = order.requestedShipDate ?? date
            case "02", "53", "54": order.requestedDeliveryDate = order.requestedDeliveryDate ?? date
            case "04": order.orderDate = order.orderDate ?? date
            default: break
            }
        }
        if let w66 = r.first("W66") {
            let carrier = CarrierService(
                scac: w66[10].isEmpty ? nil : w66[10], name: w66[5].isEmpty ? nil : w66[5],
                mode: w66[2].isEmpty ? nil : w66[2])
            if carrier != CarrierService() { order.carrier = carrier }
        }
        let notes = r.all("NTE").filter { !$0.isEmpty(2) }.map { $0[2] }
        order.notes = notes.isEmpty ? nil : notes
        var lineCount = 0
        for s in body where s.hasTag("W01") { lineCount += 1 }
        order.lines.reserveCapacity(lineCount)
        var lineNumber: String?
        for k in body.indices {
            let s = body[k]
            switch s.tagCode {
            case EDISegment.code("LX"): lineNumber = s[1]
            case EDISegment.code("W01"):
                var item = r.item(s, pairsFrom: 4, upTo: 7)
                if !s[3].isEmpty && item.gtin == nil { item.gtin = s[3] }
                // W0114/W0115 are rare: most W01s end before them.
                if s.elementBounds(14) != nil {
                    let extra = r.item(s, pairsFrom: 14, upTo: 15)
                    item.sku = item.sku ?? extra.sku
                    item.buyerPartNumber = item.buyerPartNumber ?? extra.buyerPartNumber
                    item.vendorPartNumber = item.vendorPartNumber ?? extra.vendorPartNumber
                }
                let description = body[(k + 1)...].prefix { !$0.hasTag("W01") && !$0.hasTag("LX") }
                    .first { $0.hasTag("G69") }?[1]
                order.lines.append(
                    OrderLine(
                        lineNumber: lineNumber ?? String(order.lines.count + 1), item: item, description: description,
                        quantity: try r.quantity(s, value: 1, unit: 2, "quantity ordered")))
                lineNumber = nil
            default: break
            }
        }
        guard !order.lines.isEmpty else {
            throw r.failure("has no W01 line: an order needs at least one line", at: w05)
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .orderReleased, subject: orderNumber, time: r.documentTime,
            correlationID: orderNumber, payload: order)
    }
}

extension X12SetReader {
    /// N1 loops: each N1 with the N2, N3, N4, PER and G61 segments right after it.
    func partyLoops(_ segments: some Collection<EDISegment>) -> [[EDISegment]] {
        var loops: [[EDISegment]] = []
        var current: [EDISegment]?
        for s in segments {
            switch s.tagCode {
            case EDISegment.code("N1"):
                if let c = current { loops.append(c) }
                current = [s]
            case EDISegment.code("N2"), EDISegment.code("N3"), EDISegment.code("N4"), EDISegment.code("PER"),
                EDISegment.code("G61"):
                current?.append(s)
            default:
                if let c = current { loops.append(c) }
                current = nil
            }
        }
        if let c = current { loops.append(c) }
        return loops
    }
}
