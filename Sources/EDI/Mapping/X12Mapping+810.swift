import Foundation
import WireProtocol

extension X12Mapping {
    /// 810 Invoice → `invoice.issued` (``Invoice``).
    ///
    /// BIG01 date, BIG02 number, BIG04 PO; CUR02 currency (profile default otherwise); N1 parties; ITD12 terms
    /// and ITD06 due date; each IT1 (IT102/IT103 quantity, IT104 price, IT106… item IDs, PID05 description) a
    /// line whose amount is quantity × price; TXI taxes; TDS01 (two implied decimals) the total.
    static func invoice810(_ r: X12SetReader) throws -> EDIMappedEvent {
        let big = try r.required("BIG", for: "the invoice number and date")
        guard !big[2].isEmpty else { throw r.failure("BIG02 invoice number is empty", at: big, element: "BIG02") }
        guard let invoiceDate = X12TimeCodes.date(big[1]) else {
            throw r.failure("BIG01 invoice date '\(big[1])' is not a date", at: big, element: "BIG01")
        }
        let tds = try r.required("TDS", for: "the invoice total")
        let total = try r.implied(tds, 1, places: 2, "total invoice amount")
        var lines: [InvoiceLine] = []
        var subtotal = Decimal(0)
        for (k, s) in r.body.enumerated() where s.hasTag("IT1") {
            let quantity = try r.quantity(s, value: 2, unit: 3, "quantity invoiced")
            let price = try r.number(s, 4, "unit price")
            let amount = quantity.value.decimalValue * price.decimalValue
            subtotal += amount
            lines.append(
                InvoiceLine(
                    lineNumber: s[1].isEmpty ? String(lines.count + 1) : s[1], item: r.item(s, pairsFrom: 6),
                    description: r.description(after: k, stop: ["IT1", "TDS"]), quantity: quantity, unitPrice: price,
                    lineAmount: DecimalNumber(amount) ?? price))
        }
        var taxes: [TaxAmount] = []
        var taxTotal = Decimal(0)
        for txi in r.all("TXI") where !txi[2].isEmpty {
            let amount = try r.number(txi, 2, "tax amount")
            taxTotal += amount.decimalValue
            taxes.append(
                TaxAmount(type: txi[1], rate: txi[3].isEmpty ? nil : try r.number(txi, 3, "tax rate"), amount: amount))
        }
        let itd = r.first("ITD")
        let invoice = Invoice(
            invoiceNumber: big[2], invoiceDate: invoiceDate, dueDate: itd.flatMap { X12TimeCodes.date($0[6]) },
            purchaseOrderNumber: big[4].isEmpty ? nil : big[4], currency: try r.currency(),
            parties: r.partyLoops(r.body).compactMap(r.party),
            paymentTerms: itd.map { $0[12] }.flatMap { $0.isEmpty ? nil : $0 }, lines: lines,
            taxes: taxes.isEmpty ? nil : taxes, subtotal: DecimalNumber(subtotal) ?? total,
            taxTotal: DecimalNumber(taxTotal) ?? DecimalNumber(0), total: total)
        return try EDIMappedEvent(
            id: r.eventID(), type: .invoiceIssued, subject: big[2], time: r.documentTime,
            correlationID: big[4].isEmpty ? big[2] : big[4], payload: invoice)
    }

    /// 210 Motor Carrier Freight Details and Invoice → `freight.invoiced` (``FreightInvoice``).
    ///
    /// B3: B302 invoice number, B303 shipment (bill of lading) number, B304 payment method, B306 invoice date,
    /// B307 net amount due (two implied decimals), B309 delivery date, B311 SCAC, B312 ship date; N9 PRO/BOL by
    /// the profile; N1 parties; each L1 a charge (L108 code, `FRT` when empty; L102 rate; L104 amount with two
    /// implied decimals; the L5 description of its LX loop); L3 the weight and total.
    static func freightInvoice210(_ r: X12SetReader) throws -> EDIMappedEvent {
        let b3 = try r.required("B3", for: "the freight invoice")
        guard !b3[2].isEmpty else { throw r.failure("B302 invoice number is empty", at: b3, element: "B302") }
        guard let invoiceDate = X12TimeCodes.date(b3[6]) else {
            throw r.failure("B306 invoice date '\(b3[6])' is not a date", at: b3, element: "B306")
        }
        var charges: [FreightCharge] = []
        for loop in X12SetReader.loops(r.body, start: "LX", end: ["L3", "SE"]) {
            let description = loop.first { $0.hasTag("L5") }.map { $0[2] }.flatMap { $0.isEmpty ? nil : $0 }
            for l1 in loop where l1.hasTag("L1") {
                charges.append(
                    FreightCharge(
                        code: l1[8].isEmpty ? "FRT" : l1[8], description: description,
                        rate: l1[2].isEmpty ? nil : try r.number(l1, 2, "freight rate"),
                        amount: try r.implied(l1, 4, places: 2, "charge")))
            }
        }
        guard !charges.isEmpty else {
            throw r.failure("has no L1 charge: a freight invoice needs at least one", at: b3)
        }
        let l3 = r.first("L3")
        var invoice = FreightInvoice(
            invoiceNumber: b3[2], invoiceDate: invoiceDate,
            carrier: CarrierService(scac: b3[11].isEmpty ? nil : b3[11]),
            billOfLading: b3[3].isEmpty ? nil : b3[3], shipmentNumber: b3[3].isEmpty ? nil : b3[3],
            shipDate: X12TimeCodes.date(b3[12]), deliveryDate: X12TimeCodes.date(b3[9]),
            paymentMethod: b3[4].isEmpty ? nil : b3[4], currency: try r.currency(),
            weight: l3.flatMap { r.weight($0, value: 1, unit: 12) }, charges: charges,
            totalAmount: try l3.map { try r.implied($0, 5, places: 2, "total charges") }
                ?? r.implied(b3, 7, places: 2, "net amount due"))
        let parties = r.partyLoops(r.body).compactMap(r.party)
        invoice.parties = parties.isEmpty ? nil : parties
        for (q, v) in X12SetReader.references(r.body, tag: "N9") {
            if r.profile.proNumberQualifiers.contains(q) { invoice.proNumber = invoice.proNumber ?? v }
            if r.profile.billOfLadingQualifiers.contains(q) { invoice.billOfLading = v }
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .freightInvoiced, subject: b3[2], time: r.documentTime,
            correlationID: invoice.shipmentNumber ?? b3[2], payload: invoice)
    }
}
