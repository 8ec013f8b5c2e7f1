import WireProtocol

extension X12Mapping {
    /// 850 Purchase Order → `order.created` (``Order``).
    ///
    /// BEG03 is both the order number (the business key until the seller assigns its own) and the PO number;
    /// BEG05 the order date; CUR02 the currency; N1 loops the parties; DTM/G62 `010`/`037`/`10` the ship date and
    /// `002`/`002`/`02` the delivery date; TD5 the carrier; each PO1 (PO101 line, PO102/PO103 quantity, PO104 price,
    /// PO106… item IDs, PID05 description) a line.
    static func order850(_ r: X12SetReader) throws -> EDIMappedEvent {
        let beg = try r.required("BEG", for: "the purchase order number")
        guard !beg[3].isEmpty else {
            throw r.failure("BEG03 purchase order number is empty", at: beg, element: "BEG03")
        }
        var order = Order(
            orderNumber: beg[3], purchaseOrderNumber: beg[3], orderDate: X12TimeCodes.date(beg[5]),
            currency: try r.currency(), parties: r.partyLoops(r.body).compactMap(r.party))
        order.requestedShipDate = r.date(g62: ["10", "37"], dtm: ["010", "037"])
        order.requestedDeliveryDate = r.date(g62: ["02", "53"], dtm: ["002", "074"])
        if let td5 = r.first("TD5") {
            let carrier = CarrierService(
                scac: td5[2] == "2" && !td5[3].isEmpty ? td5[3] : nil, name: td5[5].isEmpty ? nil : td5[5],
                mode: td5[4].isEmpty ? nil : td5[4])
            if carrier != CarrierService() { order.carrier = carrier }
        }
        for (k, s) in r.body.enumerated() where s.hasTag("PO1") {
            order.lines.append(
                OrderLine(
                    lineNumber: s[1].isEmpty ? String(order.lines.count + 1) : s[1], item: r.item(s, pairsFrom: 6),
                    description: r.description(after: k, stop: ["PO1", "CTT"]),
                    quantity: try r.quantity(s, value: 2, unit: 3, "quantity ordered"),
                    unitPrice: s[4].isEmpty ? nil : try r.number(s, 4, "unit price")))
        }
        guard !order.lines.isEmpty else {
            throw r.failure("has no PO1 line: an order needs at least one line", at: beg)
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .orderCreated, subject: beg[3], time: r.documentTime, correlationID: beg[3],
            payload: order)
    }

    /// 855 Purchase Order Acknowledgment → `order.acknowledged` (``OrderAcknowledgement``).
    ///
    /// BAK03 PO number, BAK08 the seller's order number, BAK02 the status (`AC`, `AD`, `AK`, `RJ`, …), BAK09 (or
    /// BAK04, or the group date) the acknowledgement date; each PO1 with its ACK (ACK01 status, ACK02/ACK03
    /// quantity, ACK05 scheduled date) a line; a PO1 without ACK is acknowledged as ordered with the BAK02 status.
    static func acknowledgment855(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bak = try r.required("BAK", for: "the acknowledged purchase order")
        guard !bak[3].isEmpty else {
            throw r.failure("BAK03 purchase order number is empty", at: bak, element: "BAK03")
        }
        let date = X12TimeCodes.date(bak[9]) ?? X12TimeCodes.date(bak[4]) ?? r.documentTime.localDate
        var ack = OrderAcknowledgement(
            purchaseOrderNumber: bak[3], orderNumber: bak[8].isEmpty ? nil : bak[8], acknowledgementDate: date,
            status: bak[2])
        let loops = X12SetReader.loops(r.body, start: "PO1", end: ["CTT", "AMT"])
        for loop in loops {
            let po1 = loop[0]
            let ordered = try r.quantity(po1, value: 2, unit: 3, "quantity ordered")
            let ackSegment = loop.first { $0.hasTag("ACK") }
            var scheduled: LocalDate?
            if let a = ackSegment, !a[5].isEmpty { scheduled = X12TimeCodes.date(a[5]) }
            scheduled = scheduled ?? loop.first { $0.hasTag("SCH") }.flatMap { X12TimeCodes.date($0[6]) }
            var acknowledged = ordered
            if let a = ackSegment, !a[2].isEmpty {
                acknowledged = try r.quantity(a, value: 2, unit: 3, "quantity acknowledged")
            }
            ack.lines.append(
                AcknowledgedLine(
                    lineNumber: po1[1].isEmpty ? String(ack.lines.count + 1) : po1[1], item: r.item(po1, pairsFrom: 6),
                    status: ackSegment?[1] ?? bak[2], orderedQuantity: ordered, acknowledgedQuantity: acknowledged,
                    unitPrice: po1[4].isEmpty ? nil : try r.number(po1, 4, "unit price"), scheduledShipDate: scheduled))
        }
        ack.expectedShipDate = ack.lines.compactMap(\.scheduledShipDate).min()
        return try EDIMappedEvent(
            id: r.eventID(), type: .orderAcknowledged, subject: bak[3], time: r.documentTime, correlationID: bak[3],
            payload: ack)
    }
}
