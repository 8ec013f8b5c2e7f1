import WireProtocol

extension X12Mapping {
    /// One HL level of an 856: its level code and its segments in the set body (the HL segment itself is the one
    /// right before them).
    struct HLNode {
        var level: UInt8
        var segments: ArraySlice<EDISegment>
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
        let asnNumber = bsn[2]
        guard !asnNumber.isEmpty else {
            throw r.failure("BSN02 shipment identification is empty", at: bsn, element: "BSN02")
        }
        var hlNodes: [HLNode] = []
        var parents: [Int] = []
        let body = r.set.body
        var hlCount = 0
        for s in body where s.hasTag("HL") { hlCount += 1 }
        hlNodes.reserveCapacity(hlCount)
        parents.reserveCapacity(hlCount)
        var index = HLIDIndex(hlCount: hlCount)
        var k = body.startIndex
        while k < body.endIndex {
            let s = body[k]
            k += 1
            guard s.hasTag("HL") else { continue }
            let hl01 = index.key(s, element: 1)
            if index.node(hl01) != nil {
                throw r.failure("HL01 '\(s[1])' is used twice", at: s, element: "HL01")
            }
            var parent = -1
            if !s.isEmpty(2) {
                guard let p = index.node(s, element: 2) else {
                    throw r.failure(
                        "HL02 parent '\(s[2])' of HL '\(s[1])' is not an earlier HL", at: s, element: "HL02")
                }
                parent = p
            }
            index.insert(hl01, node: hlNodes.count)
            let start = k
            while k < body.endIndex && !body[k].hasTag("HL") { k += 1 }
            hlNodes.append(HLNode(level: Self.hlLevel(s), segments: body[start..<k]))
            parents.append(parent)
        }
        // Constants from here on: the nested functions below read them without boxes or exclusivity checks.
        let nodes = hlNodes
        // HL01 of a node.
        func id(_ node: HLNode) -> String { body[node.segments.startIndex - 1][1] }
        guard let shipmentNode = nodes.first(where: { $0.level == UInt8(ascii: "S") }) else {
            throw r.failure("has no shipment level (HL03 = S)", at: bsn)
        }
        let s = shipmentNode.segments
        let shipDate =
            s.first { $0.hasTag("DTM") && $0.element(1, is: "011") }.flatMap { X12TimeCodes.date($0[2]) }
            ?? X12TimeCodes.date(bsn[3])
        guard let shipDate else { throw r.failure("has no ship date (DTM 011 or BSN03)", at: bsn, element: "BSN03") }
        var asn = AdvanceShipNotice(
            asnNumber: asnNumber, purpose: bsn[1].isEmpty ? nil : bsn[1],
            createdAt: X12TimeCodes.timestamp(date: bsn[3], time: bsn[4], code: nil, profile: r.profile),
            shipDate: shipDate,
            estimatedDeliveryDate: s.first { $0.hasTag("DTM") && $0.element(1, is: "017") }.flatMap { X12TimeCodes.date($0[2]) },
            parties: r.partyLoopRanges(s).compactMap { r.party(in: s[$0]) })
        if let td1 = s.first(where: { $0.hasTag("TD1") }) {
            asn.packageCount = Int(td1[2])
            asn.totalWeight = r.weight(td1, value: 7, unit: 8)
        }
        if let td5 = s.first(where: { $0.hasTag("TD5") }) {
            let carrier = CarrierService(
                scac: td5[2] == "2" && !td5[3].isEmpty ? td5[3] : nil, name: td5[5].isEmpty ? nil : td5[5],
                mode: td5[4].isEmpty ? nil : td5[4])
            if carrier != CarrierService() { asn.carrier = carrier }
        }
        for ref in s where ref.hasTag("REF") {
            let q = ref[1]
            let v = ref[2]
            if r.profile.billOfLadingQualifiers.contains(q) { asn.billOfLading = asn.billOfLading ?? v }
            if r.profile.proNumberQualifiers.contains(q) { asn.proNumber = asn.proNumber ?? v }
        }
        // Children by node index, in document order, in one list: node k's are
        // `children[childStart[k]..<childStart[k + 1]]`. An HL with an empty HL01 also adopts every root (as
        // grouping by the parent's id text would).
        let emptyID = index.node(text: "") ?? -1
        var childStart = [Int](repeating: 0, count: nodes.count + 1)
        for parent in parents {
            let p = parent >= 0 ? parent : emptyID
            if p >= 0 { childStart[p + 1] += 1 }
        }
        for k in nodes.indices { childStart[k + 1] += childStart[k] }
        var childList = [Int](repeating: 0, count: childStart[nodes.count])
        var filled = childStart
        for (i, parent) in parents.enumerated() {
            let p = parent >= 0 ? parent : emptyID
            guard p >= 0 else { continue }
            childList[filled[p]] = i
            filled[p] += 1
        }
        let children = childList
        let starts = childStart
        // The children of `node` at `level`, in document order, without an array of them.
        func forEachKid(_ node: Int, _ level: UInt8, _ body: (Int) throws -> Void) rethrows {
            for k in starts[node]..<starts[node + 1] where nodes[children[k]].level == level { try body(children[k]) }
        }
        // Segments are found by index and read in place: optional segments cost a generic copy and destroy each.
        func item(_ i: Int, quantityFrom pack: Int? = nil) throws -> ASNItem {
            let segments = nodes[i].segments
            guard let linIndex = segments.firstIndex(where: { $0.hasTag("LIN") }) else {
                throw r.failure("item level HL '\(id(nodes[i]))' has no LIN segment")
            }
            let lin = body[linIndex]
            let sn1Index =
                pack.flatMap { p in nodes[p].segments.firstIndex { $0.hasTag("SN1") } }
                ?? segments.firstIndex { $0.hasTag("SN1") }
            guard let sn1Index else {
                throw r.failure("item level HL '\(id(nodes[i]))' has no SN1 quantity", at: lin)
            }
            let sn1 = body[sn1Index]
            let pid = segments.firstIndex { $0.hasTag("PID") }
            let lot = segments.firstIndex { $0.hasTag("REF") && $0.element(1, is: "LT") }
            return ASNItem(
                lineNumber: lin.isEmpty(1) ? (sn1.isEmpty(1) ? id(nodes[i]) : sn1[1]) : lin[1],
                item: r.item(lin, pairsFrom: 2),
                description: pid.flatMap { body[$0].isEmpty(5) ? nil : body[$0][5] },
                shippedQuantity: try r.quantity(sn1, value: 2, unit: 3, "number of units shipped"),
                orderedQuantity: sn1.isEmpty(5) ? nil : try r.quantity(sn1, value: 5, unit: 6, "quantity ordered"),
                lot: lot.map { body[$0][2] })
        }
        // Where node `i`'s MAN GM (SSCC), MAN CP/SM (tracking number) and TD1 (weight) are in `body`, -1 if absent.
        func container(_ i: Int) -> (gm: Int, tracked: Int, td1: Int) {
            var gm = -1
            var tracked = -1
            var td1 = -1
            let segments = nodes[i].segments
            for k in segments.indices {
                if segments[k].hasTag("MAN") {
                    // One copy of the MAN for its three element tests (each test on `segments[k]` made its own).
                    let man = segments[k]
                    if gm < 0 && man.element(1, is: "GM") { gm = k }
                    if tracked < 0 && (man.element(1, is: "CP") || man.element(1, is: "SM")) { tracked = k }
                } else if td1 < 0 && segments[k].hasTag("TD1") {
                    td1 = k
                }
            }
            return (gm, tracked, td1)
        }
        func sscc(_ c: (gm: Int, tracked: Int, td1: Int)) -> SSCC? {
            c.gm < 0 ? nil : X12Mapping.sscc(element: 2, of: body[c.gm])
        }
        func tracking(_ c: (gm: Int, tracked: Int, td1: Int)) -> String? { c.tracked < 0 ? nil : body[c.tracked][2] }
        func weight(_ c: (gm: Int, tracked: Int, td1: Int)) -> Weight? {
            c.td1 < 0 ? nil : r.weight(body[c.td1], value: 7, unit: 8)
        }
        func pack(_ i: Int) throws -> ASNPack {
            let c = container(i)
            var items: [ASNItem] = []
            try forEachKid(i, UInt8(ascii: "I")) { items.append(try item($0)) }
            return ASNPack(sscc: sscc(c), trackingNumber: tracking(c), weight: weight(c), items: items)
        }
        func itemsAndPacks(_ node: Int) throws -> (items: [ASNItem], packs: [ASNPack]) {
            var items: [ASNItem] = []
            var packs: [ASNPack] = []
            // The packs counted first: growing the array pack by pack reallocated it and moved the packs each time.
            var packCount = 0
            forEachKid(node, UInt8(ascii: "P")) { _ in packCount += 1 }
            forEachKid(node, UInt8(ascii: "I")) { i in forEachKid(i, UInt8(ascii: "P")) { _ in packCount += 1 } }
            packs.reserveCapacity(packCount)
            try forEachKid(node, UInt8(ascii: "P")) { packs.append(try pack($0)) }
            try forEachKid(node, UInt8(ascii: "I")) { i in
                var packed = false
                try forEachKid(i, UInt8(ascii: "P")) { p in
                    packed = true
                    let c = container(p)
                    packs.append(
                        ASNPack(
                            sscc: sscc(c), trackingNumber: tracking(c), weight: weight(c),
                            items: [try item(i, quantityFrom: p)]))
                }
                if !packed { items.append(try item(i)) }
            }
            return (items, packs)
        }
        var orderCount = 0
        for k in nodes.indices where nodes[k].level == UInt8(ascii: "O") { orderCount += 1 }
        guard orderCount > 0 else {
            throw r.failure(
                "has no order level (HL03 = O): an advance ship notice needs the purchase order each item ships against",
                at: bsn)
        }
        asn.orders.reserveCapacity(orderCount)
        for oi in nodes.indices where nodes[oi].level == UInt8(ascii: "O") {
            let o = nodes[oi]
            guard let prf = o.segments.first(where: { $0.hasTag("PRF") }), !prf.isEmpty(1) else {
                throw r.failure("order level HL '\(id(o))' has no PRF01 purchase order number")
            }
            let (items, packs) = try itemsAndPacks(oi)
            var tares: [ASNTare] = []
            try forEachKid(oi, UInt8(ascii: "T")) { t in
                let (items, packs) = try itemsAndPacks(t)
                let c = container(t)
                tares.append(
                    ASNTare(
                        sscc: sscc(c), weight: weight(c), packs: packs.isEmpty ? nil : packs,
                        items: items.isEmpty ? nil : items))
            }
            asn.orders.append(
                ASNOrder(
                    purchaseOrderNumber: prf[1],
                    orderNumber: o.segments.first {
                        $0.hasTag("REF") && ($0.element(1, is: "VN") || $0.element(1, is: "ON"))
                    }?[2],
                    purchaseOrderDate: X12TimeCodes.date(prf[4]), tares: tares.isEmpty ? nil : tares,
                    packs: packs.isEmpty ? nil : packs, items: items.isEmpty ? nil : items))
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .shipmentAdvised, subject: asnNumber, time: asn.createdAt ?? r.documentTime,
            correlationID: asn.orders.first?.purchaseOrderNumber, payload: asn)
    }

    /// HL03 as one byte (`S`, `O`, `T`, `P`, `I`), or 0 for any other level code.
    static func hlLevel(_ hl: EDISegment) -> UInt8 {
        guard let b = hl.elementBounds(3), !b.inner, b.range.count == 1 else { return 0 }
        return hl.byte(b.range.lowerBound)
    }
}
