import WireProtocol

extension EDIFACTMapping {
    /// DESADV → `shipment.advised` (``AdvanceShipNotice``).
    ///
    /// BGM02 the ASN number; DTM 11 despatch date (137 when absent), 132 estimated arrival; RFF ON the purchase
    /// order (line-level RFF ON overrides), BM bill of lading, CN PRO; NAD parties; TDT carrier (TDT05-1, or
    /// TDT04 code); each CPS packing level with its GIN `BJ` SSCC is a pack, and every LIN with QTY 12 (despatch
    /// quantity, 21 ordered) an item in the pack of its CPS.
    static func despatchAdvice(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bgm = try r.required("BGM", for: "the despatch advice number")
        guard !bgm[2].isEmpty else { throw r.failure("BGM02 document number is empty", at: bgm, element: "BGM02") }
        let head = header(r.body)
        guard let shipDate = date(head, ["11", "137"], profile: r.profile) else {
            throw r.failure("has no despatch date (DTM 11 or 137)", at: bgm)
        }
        var asn = AdvanceShipNotice(
            asnNumber: bgm[2], purpose: bgm[3].isEmpty ? nil : bgm[3],
            createdAt: date(head, ["137"], profile: r.profile),
            shipDate: shipDate.localDate,
            estimatedDeliveryDate: date(head, ["132", "17"], profile: r.profile)?.localDate,
            parties: head.filter { $0.hasTag("NAD") }.map { party($0, profile: r.profile) })
        for rff in head where rff.hasTag("RFF") {
            switch rff.component(1, 1) {
            case "BM": asn.billOfLading = rff.component(1, 2)
            case "CN": asn.proNumber = rff.component(1, 2)
            default: break
            }
        }
        if let tdt = head.first(where: { $0.hasTag("TDT") }) {
            let name = tdt.component(5, 4).flatMap { $0.isEmpty ? nil : $0 }
            let code = tdt.component(5, 1).flatMap { $0.isEmpty ? nil : $0 }
            asn.carrier = CarrierService(
                scac: code, name: name, mode: tdt.component(3, 1).flatMap { $0.isEmpty ? nil : $0 })
        }
        let headerPO = head.first { $0.hasTag("RFF") && $0.component(1, 1) == "ON" }?.component(1, 2)
        var orders: [String: ASNOrder] = [:]
        var orderSequence: [String] = []
        var currentPack: ASNPack?
        var packPO: String?
        func flushPack() {
            if let pack = currentPack, !pack.items.isEmpty, let po = packPO ?? headerPO {
                orders[po, default: ASNOrder(purchaseOrderNumber: po)].packs = (orders[po]?.packs ?? []) + [pack]
                if !orderSequence.contains(po) { orderSequence.append(po) }
            }
            currentPack = nil
            packPO = nil
        }
        var k = 0
        let body = r.body
        while k < body.count {
            let s = body[k]
            switch s.tag {
            case "CPS":
                flushPack()
                var end = k + 1
                while end < body.count && !["CPS", "LIN", "UNS"].contains(body[end].tag) { end += 1 }
                let sscc = body[(k + 1)..<end].first { $0.hasTag("GIN") && $0[1] == "BJ" }.flatMap {
                    X12Mapping.sscc($0.component(2, 1) ?? "")
                }
                currentPack = ASNPack(sscc: sscc)
            case "LIN":
                var end = k + 1
                while end < body.count && !["CPS", "LIN", "UNS"].contains(body[end].tag) { end += 1 }
                let group = body[k..<end]
                guard let qty = group.first(where: { $0.hasTag("QTY") && $0.component(1, 1) == "12" }) else {
                    throw r.failure("LIN \(s[1]) has no QTY 12 despatch quantity", at: s)
                }
                let unit = UnitOfMeasure(rawValue: qty.component(1, 3) ?? "EA")
                let ordered = group.first { $0.hasTag("QTY") && $0.component(1, 1) == "21" }
                let item = ASNItem(
                    lineNumber: s[1].isEmpty ? String(k) : s[1], item: item(s, group.dropFirst(), profile: r.profile),
                    description: group.first { $0.hasTag("IMD") }.flatMap { $0.component(3, 4) }.flatMap {
                        $0.isEmpty ? nil : $0
                    },
                    shippedQuantity: Quantity(value: try number(r, qty, 1, 2, "despatch quantity"), unit: unit),
                    orderedQuantity: try ordered.map {
                        Quantity(value: try number(r, $0, 1, 2, "ordered quantity"), unit: unit)
                    })
                let po = group.first { $0.hasTag("RFF") && $0.component(1, 1) == "ON" }?.component(1, 2) ?? headerPO
                guard let po else { throw r.failure("LIN \(s[1]) has no purchase order (RFF ON)", at: s) }
                if currentPack != nil {
                    currentPack!.items.append(item)
                    packPO = packPO ?? po
                } else {
                    orders[po, default: ASNOrder(purchaseOrderNumber: po)].items = (orders[po]?.items ?? []) + [item]
                    if !orderSequence.contains(po) { orderSequence.append(po) }
                }
                k = end - 1
            default: break
            }
            k += 1
        }
        flushPack()
        asn.orders = orderSequence.compactMap { orders[$0] }
        guard !asn.orders.isEmpty else { throw r.failure("has no LIN item with a purchase order", at: bgm) }
        asn.packageCount = asn.orders.reduce(0) { $0 + ($1.packs?.count ?? 0) }
        return try EDIMappedEvent(
            id: r.eventID(), type: .shipmentAdvised, subject: bgm[2], time: asn.createdAt ?? shipDate,
            correlationID: asn.orders.first?.purchaseOrderNumber, payload: asn)
    }

    /// IFTSTA → `shipment.milestone` (``TrackingMilestone``), one event per STS.
    ///
    /// CNI02-1 (or BGM02) the consignment/shipment number; RFF BM/CN/ON bill of lading, PRO and PO; each STS:
    /// STS02-1 the status event code, STS03-1 the reason; the DTM 334 (or 178, 7) after it the time, LOC 175
    /// the place.
    static func statusReport(_ r: X12SetReader) throws -> [EDIMappedEvent] {
        let bgm = r.first("BGM")
        var events: [EDIMappedEvent] = []
        var shipment = bgm.map { $0[2] }.flatMap { $0.isEmpty ? nil : $0 }
        var bol: String?
        var pro: String?
        var pos: [String] = []
        let body = r.body
        for (k, s) in body.enumerated() {
            switch s.tag {
            case "CNI": shipment = s.component(2, 1).flatMap { $0.isEmpty ? nil : $0 } ?? shipment
            case "RFF":
                switch s.component(1, 1) {
                case "BM": bol = s.component(1, 2)
                case "CN": pro = s.component(1, 2)
                case "ON": if let v = s.component(1, 2), !pos.contains(v) { pos.append(v) }
                default: break
                }
            case "STS":
                let following = body[(k + 1)...].prefix { !$0.hasTag("STS") && !$0.hasTag("CNI") }
                guard let code = s.component(2, 1), !code.isEmpty else {
                    throw r.failure("STS02 status event is empty", at: s, element: "STS02")
                }
                guard let time = date(following, ["334", "178", "7"], profile: r.profile) else {
                    throw r.failure("STS \(code) has no DTM 334 event time", at: s)
                }
                let loc = following.first { $0.hasTag("LOC") }
                let milestone = TrackingMilestone(
                    shipmentNumber: shipment, billOfLading: bol, proNumber: pro,
                    purchaseOrderNumbers: pos.isEmpty ? nil : pos,
                    statusCode: code, statusDescription: s.component(2, 4).flatMap { $0.isEmpty ? nil : $0 },
                    reasonCode: s.component(3, 1).flatMap { $0.isEmpty ? nil : $0 }, eventTime: time,
                    location: loc.map { MilestoneLocation(name: $0.component(2, 4) ?? $0.component(2, 1)) })
                events.append(
                    try EDIMappedEvent(
                        id: r.eventID(index: events.count), type: .shipmentMilestone, subject: shipment, time: time,
                        correlationID: pos.first ?? shipment, payload: milestone))
            default: break
            }
        }
        guard !events.isEmpty else { throw r.failure("has no STS status: nothing to report", at: bgm) }
        return events
    }
}
