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
        // The first non-empty of the chosen element, W0502 and W0503, each read once.
        let third = w05[3]
        let orderNumber =
            !w05.isEmpty(chosen) ? w05[chosen] : !w05.isEmpty(2) ? w05[2] : third.isEmpty ? nil : third
        guard let orderNumber else {
            throw r.failure("W0502 and W0503 are both empty: the order number is required", at: w05, element: "W0502")
        }
        let po = third.isEmpty || third == orderNumber ? nil : third
        // The warehouse (N1 WH) is the order's facility, not one of its parties.
        let body = r.set.body
        var parties: [Party] = []
        var facility: String?
        for loop in r.partyLoopRanges(body) {
            let n1 = body[loop.lowerBound]
            if n1.element(1, is: "WH") {
                if facility == nil { facility = n1.isEmpty(4) ? n1[2] : n1[4] }
            } else if let party = r.party(in: body[loop]) {
                parties.append(party)
            }
        }
        var order = Order(orderNumber: orderNumber, purchaseOrderNumber: po, parties: parties, facility: facility)
        var lineCount = 0
        var notes: [String] = []
        var w66: EDISegment?
        for s in body {
            switch s.tagCode {
            case EDISegment.code("G62"):
                // The first date of each kind counts.
                if s.element(1, is: "10") || s.element(1, is: "37") {
                    if order.requestedShipDate == nil { order.requestedShipDate = X12TimeCodes.date(s[2]) }
                } else if s.element(1, is: "02") || s.element(1, is: "53") || s.element(1, is: "54") {
                    if order.requestedDeliveryDate == nil { order.requestedDeliveryDate = X12TimeCodes.date(s[2]) }
                } else if s.element(1, is: "04") {
                    if order.orderDate == nil { order.orderDate = X12TimeCodes.date(s[2]) }
                }
            case EDISegment.code("W66"): if w66 == nil { w66 = s }
            case EDISegment.code("NTE"): if !s.isEmpty(2) { notes.append(s[2]) }
            case EDISegment.code("W01"): lineCount += 1
            default: break
            }
        }
        if let w66 {
            let scac = w66[10]
            let name = w66[5]
            let mode = w66[2]
            let carrier = CarrierService(
                scac: scac.isEmpty ? nil : scac, name: name.isEmpty ? nil : name, mode: mode.isEmpty ? nil : mode)
            if carrier != CarrierService() { order.carrier = carrier }
        }
        order.notes = notes.isEmpty ? nil : notes
        var lines: [OrderLine] = []
        lines.reserveCapacity(lineCount)
        var lineNumber: String?
        for k in body.indices {
            switch body[k].tagCode {
            case EDISegment.code("LX"): lineNumber = body[k][1]
            case EDISegment.code("W01"):
                let s = body[k]
                var item = r.item(s, pairsFrom: 4, upTo: 7)
                if item.gtin == nil && !s.isEmpty(3) { item.gtin = s[3] }
                // W0114/W0115 are rare: most W01s end before them.
                if s.elementBounds(14) != nil {
                    let extra = r.item(s, pairsFrom: 14, upTo: 15)
                    item.sku = item.sku ?? extra.sku
                    item.buyerPartNumber = item.buyerPartNumber ?? extra.buyerPartNumber
                    item.vendorPartNumber = item.vendorPartNumber ?? extra.vendorPartNumber
                }
                // G69 before the next W01 or LX.
                var description: String?
                var j = k + 1
                while j < body.endIndex && !body[j].hasTag("W01") && !body[j].hasTag("LX") {
                    if body[j].hasTag("G69") {
                        description = body[j][1]
                        break
                    }
                    j += 1
                }
                let quantity = try r.quantity(s, value: 1, unit: 2, "quantity ordered")
                let number = lineNumber ?? String(lines.count + 1)
                lineNumber = nil
                lines.append(OrderLine(lineNumber: number, item: item, description: description, quantity: quantity))
            default: break
            }
        }
        order.lines = lines
        guard !order.lines.isEmpty else {
            throw r.failure("has no W01 line: an order needs at least one line", at: w05)
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .orderReleased, subject: orderNumber, time: r.documentTime,
            correlationID: orderNumber, payload: order)
    }
}

extension X12SetReader {
    /// ``partyLoops(_:)`` as ranges of `segments`' indices, without copying the segments into arrays.
    func partyLoopRanges(_ segments: ArraySlice<EDISegment>) -> [Range<Int>] {
        var loops: [Range<Int>] = []
        var start: Int?
        for k in segments.indices {
            switch segments[k].tagCode {
            case EDISegment.code("N1"):
                if let s = start { loops.append(s..<k) }
                start = k
            case EDISegment.code("N2"), EDISegment.code("N3"), EDISegment.code("N4"), EDISegment.code("PER"),
                EDISegment.code("G61"):
                break
            default:
                if let s = start { loops.append(s..<k) }
                start = nil
            }
        }
        if let s = start { loops.append(s..<segments.endIndex) }
        return loops
    }

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
