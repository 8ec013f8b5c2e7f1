import WireProtocol

extension X12Mapping {
    /// 943 Warehouse Stock Transfer Shipment Advice → `transfer.shipped` (``StockTransfer``).
    ///
    /// W06: W0602 transfer number (W0604 when empty), W0603 ship date; N1 `WH` is the destination facility and
    /// N1 `SF`/`SH` the origin (the interchange sender when absent), N104 or N102; G62 `17` the expected arrival;
    /// W27 the carrier; N9 bill of lading; each W04 (W0401/W0402 quantity, W0403 UPC, W0404… item IDs, W0408 lot)
    /// a line.
    static func transfer943(_ r: X12SetReader) throws -> EDIMappedEvent {
        let w06 = try r.required("W06", for: "the transfer")
        guard let number = [w06[2], w06[4]].first(where: { !$0.isEmpty }) else {
            throw r.failure("W0602 and W0604 are both empty: a transfer number is required", at: w06, element: "W0602")
        }
        guard let shipDate = X12TimeCodes.date(w06[3]) ?? r.date(g62: ["11"]) else {
            throw r.failure("W0603 ship date '\(w06[3])' is not a date", at: w06, element: "W0603")
        }
        let loops = r.partyLoops(r.body)
        func facility(_ codes: Set<String>) -> String? {
            loops.first { codes.contains($0[0][1]) }.map { $0[0][4].isEmpty ? $0[0][2] : $0[0][4] }
        }
        guard let destination = facility(["WH", "ST"]) else {
            throw r.failure("has no N1 WH (or ST) loop: the destination warehouse is required", at: w06)
        }
        var transfer = StockTransfer(
            transferNumber: number, fromFacility: facility(["SF", "SH"]) ?? r.set.interchange.senderID,
            toFacility: destination, shipDate: shipDate, expectedArrivalDate: r.date(g62: ["17"]))
        if let w27 = r.first("W27") {
            transfer.carrier = CarrierService(
                scac: w27[2].isEmpty ? nil : w27[2], name: w27[3].isEmpty ? nil : w27[3],
                mode: w27[1].isEmpty ? nil : w27[1])
        }
        transfer.billOfLading =
            X12SetReader.references(r.body, tag: "N9")
            .first { r.profile.billOfLadingQualifiers.contains($0.qualifier) }?.value
        for s in r.all("W04") {
            var item = r.item(s, pairsFrom: 4, upTo: 7)
            if !s[3].isEmpty && item.gtin == nil { item.gtin = s[3] }
            transfer.lines.append(
                TransferLine(
                    lineNumber: String(transfer.lines.count + 1), item: item, lot: s[8].isEmpty ? nil : s[8],
                    quantity: try r.quantity(s, value: 1, unit: 2, "number of units shipped")))
        }
        guard !transfer.lines.isEmpty else {
            throw r.failure("has no W04 line: a transfer needs at least one", at: w06)
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .transferShipped, subject: number, time: r.documentTime, correlationID: number,
            payload: transfer)
    }

    /// 944 Warehouse Stock Transfer Receipt Advice → `receipt.confirmed` (``Receipt``).
    ///
    /// W17: W1703 receipt number, W1702 receipt date (with G62 `09`/`11` time when present), W1704 the depositor
    /// order (or transfer) number; N1 `WH` the facility; N9 PO / bill of lading by the profile; each W07
    /// (W0701/W0702 quantity, W0703 UPC, W0704… item IDs, W0708 lot) a line, with W13 damaged quantities.
    static func receipt944(_ r: X12SetReader) throws -> EDIMappedEvent {
        let w17 = try r.required("W17", for: "the receipt")
        guard !w17[3].isEmpty else {
            throw r.failure("W1703 warehouse receipt number is empty", at: w17, element: "W1703")
        }
        let time = r.all("G62").first { ["09", "11"].contains($0[1]) && !$0[4].isEmpty }
        guard let receivedAt = X12TimeCodes.timestamp(date: w17[2], time: time?[4], code: time?[5], profile: r.profile)
        else {
            throw r.failure("W1702 receipt date '\(w17[2])' is not a date", at: w17, element: "W1702")
        }
        let loops = r.partyLoops(r.body)
        guard let wh = loops.first(where: { $0[0][1] == "WH" || $0[0][1] == "ST" }) else {
            throw r.failure("has no N1 WH loop: the receiving warehouse is required", at: w17)
        }
        var receipt = Receipt(
            receiptNumber: w17[3], receivedAt: receivedAt, facility: wh[0][4].isEmpty ? wh[0][2] : wh[0][4],
            parties: loops.compactMap(r.party))
        for (q, v) in X12SetReader.references(r.body, tag: "N9") {
            if r.profile.purchaseOrderQualifiers.contains(q) {
                receipt.purchaseOrderNumber = receipt.purchaseOrderNumber ?? v
            }
            if r.profile.billOfLadingQualifiers.contains(q) { receipt.billOfLading = receipt.billOfLading ?? v }
        }
        for s in r.body {
            switch s.tag {
            case "W07":
                var item = r.item(s, pairsFrom: 4, upTo: 7)
                if !s[3].isEmpty && item.gtin == nil { item.gtin = s[3] }
                receipt.lines.append(
                    ReceiptLine(
                        lineNumber: String(receipt.lines.count + 1), item: item,
                        receivedQuantity: try r.quantity(s, value: 1, unit: 2, "quantity received"),
                        lot: s[8].isEmpty ? nil : s[8]))
            case "W13" where !receipt.lines.isEmpty && !s[1].isEmpty:
                receipt.lines[receipt.lines.count - 1].damagedQuantity = try r.quantity(
                    s, value: 1, unit: 2, "quantity damaged")
            default: break
            }
        }
        guard !receipt.lines.isEmpty else { throw r.failure("has no W07 line: a receipt needs at least one", at: w17) }
        return try EDIMappedEvent(
            id: r.eventID(), type: .receiptConfirmed, subject: w17[3], time: receivedAt,
            correlationID: w17[4].isEmpty ? w17[3] : w17[4], payload: receipt)
    }
}
