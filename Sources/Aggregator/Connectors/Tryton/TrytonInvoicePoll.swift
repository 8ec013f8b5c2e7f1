import Foundation
import Logging
import WireProtocol

/// Reads customer invoices of sales that changed since the last poll and turns each state into `invoice.issued`.
///
/// Only invoices with a number are issued: `posted`, `paid` and `cancelled` (after posting). The event id is built
/// from the invoice id and its state, so each state change is one event and polling again yields duplicates. The
/// high-water mark is Tryton's own `write_date`/`create_date` (its clock, not ours); it starts
/// ``TrytonSettings/invoiceLookback`` before the aggregator's start and only moves once the events are stored.
actor TrytonInvoicePoll {
    /// Invoices read per page, and pages per poll at most.
    static let pageSize = 100
    static let maxPages = 100
    /// The invoice states that carry a number.
    static let issuedStates: JSONValue = ["posted", "paid", "cancelled"]

    private let client: TrytonClient
    private let settings: TrytonSettings
    private let events: TrytonEventFactory
    private let logger: Logger
    /// Invoices changed at or after this time are read by the next poll.
    private(set) var since: TrytonTimestamp

    init(client: TrytonClient, settings: TrytonSettings, events: TrytonEventFactory, logger: Logger) {
        self.client = client
        self.settings = settings
        self.events = events
        self.logger = logger
        let lookback = settings.invoiceLookback.components.seconds
        since = TrytonTimestamp(secondsSince1970: Int64(Date().timeIntervalSince1970) - lookback)
    }

    /// The events for invoices changed since the mark, and the mark to keep once they are stored.
    func changes() async throws(TrytonError) -> (events: [CloudEvent], next: TrytonTimestamp) {
        let mark = TrytonValue.dateTime(since)
        let domain: JSONValue = [
            ["type", "=", "out"], ["state", "in", Self.issuedStates], ["sales", "!=", nil],
            ["OR", ["write_date", ">=", mark], ["create_date", ">=", mark]],
        ]
        let fields = [
            "number", "state", "invoice_date", "untaxed_amount", "tax_amount", "total_amount", "currency.code",
            "party.name", "payment_term.name", "sales", "lines", "write_date", "create_date",
        ]
        var next = since
        var result: [CloudEvent] = []
        for page in 0..<Self.maxPages {
            let invoices = try await client.searchRead(
                "account.invoice", domain: domain, fields: fields, offset: page * Self.pageSize, limit: Self.pageSize)
            for invoice in invoices {
                for key in ["write_date", "create_date"] {
                    if let stamp = TrytonValue.timestamp(invoice[key]), stamp > next { next = stamp }
                }
            }
            result += try await issued(invoices)
            if invoices.count < Self.pageSize { break }
        }
        return (result, next)
    }

    /// Moves the mark after the events of ``changes()`` are stored.
    func advance(to next: TrytonTimestamp) {
        if next > since { since = next }
    }

    private func issued(_ invoices: [JSONObject]) async throws(TrytonError) -> [CloudEvent] {
        let numbered = invoices.filter { ($0["number"]?.stringValue ?? "").isEmpty == false }
        guard !numbered.isEmpty else { return [] }
        let saleIDs = Array(Set(numbered.flatMap { TrytonValue.ids($0["sales"]) })).sorted()
        let sales = try await client.searchRead(
            "sale.sale", domain: [["id", "in", .array(saleIDs.map { .number(DecimalNumber($0)) })]],
            fields: ["number", "reference", "warehouse.code"])
        var salesByID: [Int: JSONObject] = [:]
        for sale in sales { if let id = TrytonValue.id(sale["id"]) { salesByID[id] = sale } }
        let lineIDs = numbered.flatMap { TrytonValue.ids($0["lines"]) }
        var lines: [JSONObject] = []
        if !lineIDs.isEmpty {
            lines = try await client.searchRead(
                "account.invoice.line", domain: [["id", "in", .array(lineIDs.map { .number(DecimalNumber($0)) })]],
                fields: ["type", "product.code", "description", "quantity", "unit.symbol", "unit_price", "amount"])
        }
        var linesByID: [Int: JSONObject] = [:]
        for line in lines { if let id = TrytonValue.id(line["id"]) { linesByID[id] = line } }

        let units = TrytonOrderMapping(units: settings.units)
        var result: [CloudEvent] = []
        for record in numbered {
            guard let id = TrytonValue.id(record["id"]), let state = record["state"]?.stringValue,
                let number = record["number"]?.stringValue,
                let date = TrytonValue.localDate(record["invoice_date"]),
                let currency = TrytonValue.related(record, "currency.code")?.stringValue.flatMap({ CurrencyCode($0) })
            else { continue }
            let sale = TrytonValue.ids(record["sales"]).sorted().first.flatMap { salesByID[$0] }
            let warehouse = sale.flatMap { TrytonValue.related($0, "warehouse.code")?.stringValue } ?? ""
            guard let site = settings.warehouses[warehouse] else {
                events.noteUnmappedWarehouse(warehouse, record: "account.invoice,\(id)", logger: logger)
                continue
            }
            let invoiceLines = TrytonValue.ids(record["lines"]).compactMap { linesByID[$0] }
                .filter { $0["type"]?.stringValue == "line" }
                .enumerated().map { index, line in
                    InvoiceLine(
                        lineNumber: String(index + 1),
                        item: ItemReference(sku: TrytonValue.related(line, "product.code")?.stringValue),
                        description: line["description"]?.stringValue,
                        quantity: Quantity(
                            value: TrytonValue.number(line["quantity"]) ?? 0,
                            unit: units.unit(TrytonValue.related(line, "unit.symbol")?.stringValue)),
                        unitPrice: TrytonValue.number(line["unit_price"]) ?? 0,
                        lineAmount: TrytonValue.number(line["amount"]) ?? 0)
                }
            let invoice = Invoice(
                invoiceNumber: number, invoiceDate: date,
                orderNumber: sale?["number"]?.stringValue,
                purchaseOrderNumber: sale?["reference"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                currency: currency,
                parties: [Party(role: "bill-to", name: TrytonValue.related(record, "party.name")?.stringValue)],
                paymentTerms: TrytonValue.related(record, "payment_term.name")?.stringValue,
                lines: invoiceLines,
                subtotal: TrytonValue.number(record["untaxed_amount"]) ?? 0,
                taxTotal: TrytonValue.number(record["tax_amount"]) ?? 0,
                total: TrytonValue.number(record["total_amount"]) ?? 0)
            do {
                result.append(try events.invoiceIssued(invoice, invoiceID: id, state: state, site: site))
            } catch {
                logger.warning(
                    "Tryton invoice not issued: it is not a valid canonical invoice",
                    metadata: ["invoice": "\(number)", "error": "\(error)"])
            }
        }
        return result
    }
}
