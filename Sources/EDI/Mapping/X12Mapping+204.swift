import WireProtocol

extension X12Mapping {
    /// 204 Motor Carrier Load Tender → `shipment.tendered` (``Shipment``).
    ///
    /// B2: B204 shipment number, B202 SCAC, B206 payment method; L11 bill of lading / PO numbers by the profile;
    /// stops (S5): the N1 of load stops (`LD`, `CL`, `PL`) become `ship-from`, of unload stops (`UL`, `CU`, `PU`,
    /// `DT`) `ship-to` unless their N101 names another role; the first load stop's G62 date (else any G62, else
    /// the group date) is the ship date, the first unload stop's G62 `70`/`02`/`53`/`54`/`17` the estimated
    /// delivery date; OID01/OID02 the order and PO numbers; L3 the weight.
    static func tender204(_ r: X12SetReader) throws -> EDIMappedEvent {
        let b2 = try r.required("B2", for: "the shipment number")
        guard !b2[4].isEmpty else {
            throw r.failure("B204 shipment identification number is empty", at: b2, element: "B204")
        }
        let stops = X12SetReader.loops(r.body, start: "S5", end: ["L3", "SE"])
        let header = Array(r.body.prefix { !$0.hasTag("S5") })
        var parties = r.partyLoops(header).compactMap(r.party)
        var shipDate: LocalDate?
        var orders: [String] = []
        var pos: [String] = []
        var deliveryDate: LocalDate?
        for stop in stops {
            let reason = stop[0][2]
            let loading = ["LD", "CL", "PL"].contains(reason)
            if loading && shipDate == nil { shipDate = r.date(g62: ["10", "37", "38", "68", "69"], in: stop) }
            if !loading && deliveryDate == nil { deliveryDate = r.date(g62: ["70", "02", "53", "54", "17"], in: stop) }
            for loop in r.partyLoops(stop) {
                guard var party = r.party(loop) else { continue }
                if !["SF", "SH", "ST", "CN", "BT"].contains(loop[0][1]) {
                    party.role = loading ? .shipFrom : .shipTo
                }
                parties.append(party)
            }
            for oid in stop where oid.hasTag("OID") {
                if !oid[1].isEmpty && !orders.contains(oid[1]) { orders.append(oid[1]) }
                if !oid[2].isEmpty && !pos.contains(oid[2]) { pos.append(oid[2]) }
            }
        }
        shipDate = shipDate ?? r.all("G62").compactMap { X12TimeCodes.date($0[2]) }.first ?? r.documentTime.localDate
        var shipment = Shipment(
            shipmentNumber: b2[4], orderNumbers: orders, shipDate: shipDate!, parties: parties,
            carrier: b2[2].isEmpty ? nil : CarrierService(scac: b2[2]))
        for (q, v) in X12SetReader.references(header, tag: "L11", qualifierElement: 2, valueElement: 1) {
            if r.profile.billOfLadingQualifiers.contains(q) { shipment.billOfLading = shipment.billOfLading ?? v }
            if r.profile.proNumberQualifiers.contains(q) { shipment.proNumber = shipment.proNumber ?? v }
            if r.profile.purchaseOrderQualifiers.contains(q) && !pos.contains(v) { pos.append(v) }
        }
        shipment.purchaseOrderNumbers = pos.isEmpty ? nil : pos
        shipment.estimatedDeliveryDate = deliveryDate
        if let l3 = r.first("L3") { shipment.totalWeight = r.weight(l3, value: 1, unit: 12) }
        return try EDIMappedEvent(
            id: r.eventID(), type: .shipmentTendered, subject: b2[4], time: r.documentTime,
            correlationID: orders.first ?? b2[4], payload: shipment)
    }
}
