import Foundation
import WireProtocol

/// The EDIFACT mappings: INVOIC, ORDERS, DESADV, IFTSTA.
enum EDIFACTMapping {
    /// An EDIFACT date/time (2380) in format `format` (2379: 102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 …SS, 101 YYMMDD).
    static func timestamp(_ value: String, format: String, profile: PartnerProfile) -> ZonedDateTime? {
        let v = value.trimmingASCIISpaces()
        switch format {
        case "203", "204":
            guard v.utf8.count >= 12 else { return nil }
            let time = String(v.dropFirst(8))
            return X12TimeCodes.timestamp(date: String(v.prefix(8)), time: time, code: nil, profile: profile)
        case "101", "102", "":
            return X12TimeCodes.timestamp(date: v, time: nil, code: nil, profile: profile)
        default:
            return nil
        }
    }

    /// The date of the first DTM whose qualifier is in `qualifiers`.
    static func date(_ segments: some Collection<EDISegment>, _ qualifiers: Set<String>, profile: PartnerProfile)
        -> ZonedDateTime?
    {
        for s in segments where s.hasTag("DTM") && qualifiers.contains(s.component(1, 1) ?? "") {
            if let t = timestamp(s.component(1, 2) ?? "", format: s.component(1, 3) ?? "102", profile: profile) {
                return t
            }
        }
        return nil
    }

    /// A party from NAD (with its CTA/COM contact when they follow).
    static func party(_ nad: EDISegment, profile: PartnerProfile) -> Party {
        let code = nad[1]
        let role = PartyRole(rawValue: profile.partyRoles[code] ?? "EDIFACT:\(code)")
        let id = nad.component(2, 1) ?? ""
        let agency = nad.component(2, 3) ?? ""
        let scheme =
            agency == "9" ? "GLN" : agency == "16" ? "DUNS" : agency.isEmpty ? "unspecified" : "EDIFACT:\(agency)"
        let nameParts = (1...5).compactMap { nad.component(4, $0) }.filter { !$0.isEmpty }
        let freeForm = (1...5).compactMap { nad.component(3, $0) }.filter { !$0.isEmpty }
        let street = (1...4).compactMap { nad.component(5, $0) }.filter { !$0.isEmpty }
        var address: Address?
        if !nad[6].isEmpty || !street.isEmpty {
            address = Address(
                lines: street, city: nad[6], region: nad[7].isEmpty ? nil : nad[7],
                postalCode: nad[8].isEmpty ? nil : nad[8], country: X12SetReader.country(nad[9]))
        }
        let name =
            nameParts.isEmpty
            ? (freeForm.isEmpty ? nil : freeForm.joined(separator: " ")) : nameParts.joined(separator: " ")
        return Party(
            role: role, name: name, identifiers: id.isEmpty ? nil : [PartyIdentifier(scheme: scheme, value: id)],
            address: address)
    }

    /// An item from LIN03 (C212: number, type) and the PIA segments that follow it.
    static func item(_ lin: EDISegment, _ following: some Collection<EDISegment>, profile: PartnerProfile)
        -> ItemReference
    {
        var item = ItemReference()
        func put(_ value: String, _ type: String) {
            guard !value.isEmpty else { return }
            switch profile.itemQualifiers[type] {
            case .sku?: item.sku = item.sku ?? value
            case .gtin?: item.gtin = item.gtin ?? value
            case .buyerPartNumber?: item.buyerPartNumber = item.buyerPartNumber ?? value
            case .vendorPartNumber?: item.vendorPartNumber = item.vendorPartNumber ?? value
            case nil: break
            }
        }
        put(lin.component(3, 1) ?? "", lin.component(3, 2) ?? "")
        for pia in following.prefix(while: { !$0.hasTag("LIN") }) where pia.hasTag("PIA") {
            for k in 2...6 { put(pia.component(k, 1) ?? "", pia.component(k, 2) ?? "") }
        }
        return item
    }

    /// A decimal from a component, or a mapping failure.
    static func number(_ r: X12SetReader, _ s: EDISegment, _ element: Int, _ component: Int, _ what: String)
        throws(EDIError) -> DecimalNumber
    {
        let text = s.component(element, component) ?? ""
        guard let value = X12SetReader.decimal(text) else {
            let ref = "\(s.tag)0\(element)-0\(component)"
            throw r.failure("\(ref) (\(what)) '\(text)' is not a number", at: s, element: ref)
        }
        return value
    }

    /// Segments of each LIN group (LIN up to the next LIN or UNS).
    static func lineGroups(_ body: [EDISegment]) -> [(index: Int, segments: ArraySlice<EDISegment>)] {
        var groups: [(Int, ArraySlice<EDISegment>)] = []
        var k = 0
        while k < body.count {
            if body[k].tag == "LIN" {
                var end = k + 1
                while end < body.count && body[end].tag != "LIN" && body[end].tag != "UNS" && body[end].tag != "CPS" {
                    end += 1
                }
                groups.append((k, body[k..<end]))
                k = end
            } else {
                k += 1
            }
        }
        return groups
    }

    /// The header section: segments before the first LIN (and before CPS for DESADV).
    static func header(_ body: [EDISegment]) -> ArraySlice<EDISegment> {
        body.prefix { !$0.hasTag("LIN") && !$0.hasTag("CPS") && !$0.hasTag("UNS") }
    }

    /// INVOIC → `invoice.issued` (``Invoice``): BGM02 number; DTM 3/137 date, 13 due date; RFF ON PO number;
    /// CUX currency; NAD parties; each LIN with QTY 47, PRI (AAA net, INV, AAB gross), MOA 203 amount and IMD
    /// description a line; MOA 79/39/77 totals, 124/176 tax.
    static func invoice(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bgm = try r.required("BGM", for: "the invoice number")
        guard !bgm[2].isEmpty else { throw r.failure("BGM02 document number is empty", at: bgm, element: "BGM02") }
        let head = header(r.body)
        guard let date = date(head, ["3", "137"], profile: r.profile) else {
            throw r.failure("has no invoice date (DTM 3 or 137)", at: bgm)
        }
        let currencyCode = head.first { $0.hasTag("CUX") }.flatMap { $0.component(1, 2) } ?? r.profile.defaultCurrency
        guard let currency = CurrencyCode(currencyCode) else {
            throw r.failure("currency '\(currencyCode)' is not an ISO 4217 code", at: head.first { $0.hasTag("CUX") })
        }
        var lines: [InvoiceLine] = []
        var subtotal = Decimal(0)
        for (_, group) in lineGroups(r.body) {
            let lin = group.first!
            guard
                let qty = group.first(where: {
                    $0.hasTag("QTY") && ["47", "46", "12"].contains($0.component(1, 1) ?? "")
                })
            else {
                throw r.failure("LIN \(lin[1]) has no QTY 47 invoiced quantity", at: lin)
            }
            let quantity = Quantity(
                value: try number(r, qty, 1, 2, "quantity"), unit: UnitOfMeasure(rawValue: qty.component(1, 3) ?? "EA"))
            let pri = group.first { $0.hasTag("PRI") }
            let price = try pri.map { try number(r, $0, 1, 2, "price") }
            let moa = group.first { $0.hasTag("MOA") && $0.component(1, 1) == "203" }
            let amount =
                try moa.map { try number(r, $0, 1, 2, "line amount") }
                ?? price.flatMap { DecimalNumber(quantity.value.decimalValue * $0.decimalValue) }
            guard let amount else { throw r.failure("LIN \(lin[1]) has neither MOA 203 nor PRI", at: lin) }
            subtotal += amount.decimalValue
            lines.append(
                InvoiceLine(
                    lineNumber: lin[1].isEmpty ? String(lines.count + 1) : lin[1],
                    item: item(lin, group.dropFirst(), profile: r.profile),
                    description: group.first { $0.hasTag("IMD") }.flatMap { $0.component(3, 4) }.flatMap {
                        $0.isEmpty ? nil : $0
                    },
                    quantity: quantity, unitPrice: price ?? amount, lineAmount: amount))
        }
        let trailer = r.body.drop { !$0.hasTag("UNS") }
        func total(_ codes: [String]) throws -> DecimalNumber? {
            for code in codes {
                if let m = trailer.first(where: { $0.hasTag("MOA") && $0.component(1, 1) == code }) {
                    return try number(r, m, 1, 2, "amount")
                }
            }
            return nil
        }
        let taxTotal = try total(["124", "176"]) ?? DecimalNumber(0)
        let sub = try total(["79"]) ?? DecimalNumber(subtotal) ?? DecimalNumber(0)
        let invoice = Invoice(
            invoiceNumber: bgm[2], invoiceDate: date.localDate,
            dueDate: EDIFACTMapping.date(head, ["13"], profile: r.profile)?.localDate,
            purchaseOrderNumber: head.first { $0.hasTag("RFF") && $0.component(1, 1) == "ON" }?.component(1, 2),
            currency: currency, parties: head.filter { $0.hasTag("NAD") }.map { party($0, profile: r.profile) },
            lines: lines, subtotal: sub, taxTotal: taxTotal, total: try total(["39", "77", "86"]) ?? sub)
        return try EDIMappedEvent(
            id: r.eventID(), type: .invoiceIssued, subject: bgm[2], time: date,
            correlationID: invoice.purchaseOrderNumber ?? bgm[2],
            payload: invoice)
    }

    /// ORDERS → `order.created` (``Order``): BGM02 order number; DTM 137 order date, 2 delivery date, 10 ship
    /// date; CUX currency; NAD parties; each LIN with QTY 21, PRI and IMD a line.
    static func order(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bgm = try r.required("BGM", for: "the order number")
        guard !bgm[2].isEmpty else { throw r.failure("BGM02 document number is empty", at: bgm, element: "BGM02") }
        let head = header(r.body)
        var order = Order(
            orderNumber: bgm[2], purchaseOrderNumber: bgm[2],
            orderDate: date(head, ["137", "4"], profile: r.profile)?.localDate,
            currency: head.first { $0.hasTag("CUX") }.flatMap { $0.component(1, 2) }.flatMap(CurrencyCode.init),
            parties: head.filter { $0.hasTag("NAD") }.map { party($0, profile: r.profile) },
            requestedShipDate: date(head, ["10"], profile: r.profile)?.localDate,
            requestedDeliveryDate: date(head, ["2", "64"], profile: r.profile)?.localDate)
        let notes = head.filter { $0.hasTag("FTX") }.compactMap { $0.component(4, 1) }.filter { !$0.isEmpty }
        order.notes = notes.isEmpty ? nil : notes
        for (_, group) in lineGroups(r.body) {
            let lin = group.first!
            guard let qty = group.first(where: { $0.hasTag("QTY") && $0.component(1, 1) == "21" }) else {
                throw r.failure("LIN \(lin[1]) has no QTY 21 ordered quantity", at: lin)
            }
            let pri = group.first { $0.hasTag("PRI") }
            order.lines.append(
                OrderLine(
                    lineNumber: lin[1].isEmpty ? String(order.lines.count + 1) : lin[1],
                    item: item(lin, group.dropFirst(), profile: r.profile),
                    description: group.first { $0.hasTag("IMD") }.flatMap { $0.component(3, 4) }.flatMap {
                        $0.isEmpty ? nil : $0
                    },
                    quantity: Quantity(
                        value: try number(r, qty, 1, 2, "quantity"),
                        unit: UnitOfMeasure(rawValue: qty.component(1, 3) ?? "EA")),
                    unitPrice: try pri.map { try number(r, $0, 1, 2, "price") }))
        }
        guard !order.lines.isEmpty else { throw r.failure("has no LIN line: an order needs at least one", at: bgm) }
        return try EDIMappedEvent(
            id: r.eventID(), type: .orderCreated, subject: bgm[2],
            time: date(head, ["137"], profile: r.profile) ?? r.documentTime,
            correlationID: bgm[2], payload: order)
    }
}
