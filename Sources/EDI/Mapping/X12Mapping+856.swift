import WireProtocol

extension X12Mapping {
    /// One HL level of an 856 with its segments.
    struct HLNode {
        var id: String
        var parent: String
        var level: String
        var segments: [EDISegment]
    }

    /// 856 Ship Notice/Manifest → `shipment.advised` (``AdvanceShipNotice``), the full S/O/T/P/I hierarchy.
    ///
    /// BSN02 is the ASN number, BSN03/BSN04 its creation time. Shipment level (S): TD1 package count and
    /// weight, TD5 carrier (TD503 SCAC, TD505 routing, TD504 mode), REF bill of lading / PRO, DTM `011` ship date
    /// and `017` estimated delivery, N1 parties. Order level (O): PRF01 PO number, PRF04 PO date, REF `VN`/`ON`
    /// order number. Tare (T) and pack (P): MAN `GM` SSCC (MAN `CP`/`SM` tracking number), TD1 weight. Item (I):
    /// LIN line and item IDs, SN1 shipped and ordered quantities, PID description, REF `LT` lot. A pack below an
    /// item (pick-and-pack) carries that item with the pack's SN1 quantity.
    static func shipNotice856(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bsn = try r.required("BSN", for: "the ASN number")
        guard !bsn[2].isEmpty else {
            throw r.failure("BSN02 shipment identification is empty", at: bsn, element: "BSN02")
        }
        var nodes: [HLNode] = []
        var index: [String: Int] = [:]
        for s in r.body {
            if s.isTag("HL") {
                let id = s[1]
                if index[id] != nil { throw r.failure("HL01 '\(id)' is used twice", at: s, element: "HL01") }
                if !s[2].isEmpty && index[s[2]] == nil {
                    throw r.failure("HL02 parent '\(s[2])' of HL '\(id)' is not an earlier HL", at: s, element: "HL02")
                }
                index[id] = nodes.count
                nodes.append(HLNode(id: id, parent: s[2], level: s[3], segments: []))
            } else if !nodes.isEmpty {
                nodes[nodes.count - 1].segments.append(s)
            }
        }
        guard let shipmentNode = nodes.first(where: { $0.level == "S" }) else {
            throw r.failure("has no shipment level (HL03 = S)", at: bsn)
        }
        let s = shipmentNode.segments
        let shipDate =
            s.first { $0.isTag("DTM") && $0[1] == "011" }.flatMap { X12TimeCodes.date($0[2]) }
            ?? X12TimeCodes.date(bsn[3])
        guard let shipDate else { throw r.failure("has no ship date (DTM 011 or BSN03)", at: bsn, element: "BSN03") }
        var asn = AdvanceShipNotice(
            asnNumber: bsn[2], purpose: bsn[1].isEmpty ? nil : bsn[1],
            createdAt: X12TimeCodes.timestamp(date: bsn[3], time: bsn[4], code: nil, profile: r.profile),
            shipDate: shipDate,
            estimatedDeliveryDate: s.first { $0.isTag("DTM") && $0[1] == "017" }.flatMap { X12TimeCodes.date($0[2]) },
            parties: r.partyLoops(s).compactMap(r.party))
        if let td1 = s.first(where: { $0.isTag("TD1") }) {
            asn.packageCount = Int(td1[2])
            asn.totalWeight = r.weight(td1, value: 7, unit: 8)
        }
        if let td5 = s.first(where: { $0.isTag("TD5") }) {
            let carrier = CarrierService(
                scac: td5[2] == "2" && !td5[3].isEmpty ? td5[3] : nil, name: td5[5].isEmpty ? nil : td5[5],
                mode: td5[4].isEmpty ? nil : td5[4])
            if carrier != CarrierService() { asn.carrier = carrier }
        }
        for (q, v) in X12SetReader.references(s, tag: "REF") {
            if r.profile.billOfLadingQualifiers.contains(q) { asn.billOfLading = asn.billOfLading ?? v }
            if r.profile.proNumberQualifiers.contains(q) { asn.proNumber = asn.proNumber ?? v }
        }
        let children = Dictionary(grouping: nodes.indices, by: { nodes[$0].parent })
        func kids(_ node: HLNode, _ level: String) -> [HLNode] {
            (children[node.id] ?? []).map { nodes[$0] }.filter { $0.level == level }
        }
        func item(_ node: HLNode, quantityFrom pack: HLNode? = nil) throws -> ASNItem {
            guard let lin = node.segments.first(where: { $0.isTag("LIN") }) else {
                throw r.failure("item level HL '\(node.id)' has no LIN segment")
            }
            let sn1 = (pack?.segments ?? []).first { $0.isTag("SN1") } ?? node.segments.first { $0.isTag("SN1") }
            guard let sn1 else { throw r.failure("item level HL '\(node.id)' has no SN1 quantity", at: lin) }
            return ASNItem(
                lineNumber: lin[1].isEmpty ? (sn1[1].isEmpty ? node.id : sn1[1]) : lin[1],
                item: r.item(lin, pairsFrom: 2),
                description: node.segments.first { $0.isTag("PID") }.map { $0[5] }.flatMap { $0.isEmpty ? nil : $0 },
                shippedQuantity: try r.quantity(sn1, value: 2, unit: 3, "number of units shipped"),
                orderedQuantity: sn1[5].isEmpty ? nil : try r.quantity(sn1, value: 5, unit: 6, "quantity ordered"),
                lot: node.segments.first { $0.isTag("REF") && $0[1] == "LT" }?[2])
        }
        func container(_ node: HLNode) -> (sscc: SSCC?, tracking: String?, weight: Weight?) {
            let man = node.segments.filter { $0.isTag("MAN") }
            let sscc = man.first { $0[1] == "GM" }.flatMap { X12Mapping.sscc($0[2]) }
            let tracking = man.first { $0[1] == "CP" || $0[1] == "SM" }?[2]
            let weight = node.segments.first { $0.isTag("TD1") }.flatMap { r.weight($0, value: 7, unit: 8) }
            return (sscc, tracking, weight)
        }
        func pack(_ node: HLNode) throws -> ASNPack {
            let c = container(node)
            return ASNPack(
                sscc: c.sscc, trackingNumber: c.tracking, weight: c.weight,
                items: try kids(node, "I").map { try item($0) })
        }
        func itemsAndPacks(_ node: HLNode) throws -> (items: [ASNItem], packs: [ASNPack]) {
            var items: [ASNItem] = []
            var packs = try kids(node, "P").map(pack)
            for i in kids(node, "I") {
                let packsBelow = kids(i, "P")
                if packsBelow.isEmpty {
                    items.append(try item(i))
                } else {
                    for p in packsBelow {
                        let c = container(p)
                        packs.append(
                            ASNPack(
                                sscc: c.sscc, trackingNumber: c.tracking, weight: c.weight,
                                items: [try item(i, quantityFrom: p)]))
                    }
                }
            }
            return (items, packs)
        }
        let orderNodes = nodes.filter { $0.level == "O" }
        guard !orderNodes.isEmpty else {
            throw r.failure(
                "has no order level (HL03 = O): an advance ship notice needs the purchase order each item ships against",
                at: bsn)
        }
        for o in orderNodes {
            guard let prf = o.segments.first(where: { $0.isTag("PRF") }), !prf[1].isEmpty else {
                throw r.failure("order level HL '\(o.id)' has no PRF01 purchase order number")
            }
            let (items, packs) = try itemsAndPacks(o)
            let tares = try kids(o, "T").map { t -> ASNTare in
                let (items, packs) = try itemsAndPacks(t)
                let c = container(t)
                return ASNTare(
                    sscc: c.sscc, weight: c.weight, packs: packs.isEmpty ? nil : packs,
                    items: items.isEmpty ? nil : items)
            }
            asn.orders.append(
                ASNOrder(
                    purchaseOrderNumber: prf[1],
                    orderNumber: o.segments.first { $0.isTag("REF") && ($0[1] == "VN" || $0[1] == "ON") }?[2],
                    purchaseOrderDate: X12TimeCodes.date(prf[4]), tares: tares.isEmpty ? nil : tares,
                    packs: packs.isEmpty ? nil : packs, items: items.isEmpty ? nil : items))
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .shipmentAdvised, subject: bsn[2], time: asn.createdAt ?? r.documentTime,
            correlationID: asn.orders.first?.purchaseOrderNumber, payload: asn)
    }
}
