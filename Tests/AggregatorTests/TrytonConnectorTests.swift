import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The ERP connector against a real Tryton 6.0 (Debian's trytond, a seeded SQLite database per test).
///
/// The seed has three confirmed sales: 1 (WIDGET-1 × 10, GADGET-2 × 4), 2 (SPROCKET-3 × 20) and
/// 3 (WIDGET-1 × 6, SPROCKET-3 × 8), all from warehouse WH, invoiced on shipment, and one quotation.
@Suite(.serialized)
struct TrytonConnectorTests {
    @Test func releasePollStoresEachConfirmedSaleOnceWithItsLines() async throws {
        try await TrytonTestSupport.withTryton { server, store in
            let settings = TrytonTestSupport.settings(server)
            let client = TrytonTestSupport.client(server)
            let poller = TrytonPollingService(client: client, settings: settings, store: store)

            let first = try await poller.pollOnce()
            #expect(first.released == 3)
            #expect(first.stored == 3)
            let second = try await poller.pollOnce()
            #expect(second.released == 3)
            #expect(second.stored == 0)
            #expect(try await store.counts().events == 3)

            // The session was ended on the server: the client logs in again and the poll still works.
            _ = try await client.call("common.db.logout", [])
            let third = try await poller.pollOnce()
            #expect(third.stored == 0)
            #expect(await client.loginCount == 2)

            let sale = try #require(
                try await client.searchRead("sale.sale", domain: [["number", "=", "1"]], fields: ["shipments"]).first)
            let saleID = try #require(TrytonValue.id(sale["id"]))
            let shipmentID = try #require(TrytonValue.ids(sale["shipments"]).first)
            let stored = try #require(
                try await store.event(
                    source: "/acme/erp/tryton/crossdock", id: "tryton-release:\(saleID):\(shipmentID)"))
            #expect(stored.identity == (try AgentIdentity(tenant: "acme", site: "dal1", agent: "erp")))
            #expect(stored.subject == "1")
            let event = try stored.decoded()
            #expect(event.type == .orderReleased)
            let order = try event.payload(as: Order.self)
            #expect(order.orderNumber == "1")
            #expect(order.purchaseOrderNumber == "PO-1001")
            #expect(order.facility == "WH")
            #expect(order.currency == .usd)
            #expect(order.lines.map(\.lineNumber) == ["1", "2"])
            #expect(order.lines.map(\.item.sku) == ["WIDGET-1", "GADGET-2"])
            #expect(order.lines.map(\.quantity) == [
                Quantity(value: 10, unit: .each), Quantity(value: 4, unit: .each),
            ])
            #expect(order.lines.map(\.unitPrice) == [DecimalNumber("12.5"), DecimalNumber("40")])
            let shipTo = try #require(order.parties.first { $0.role == "ship-to" })
            #expect(shipTo.name == "Northwind Retail")
            #expect(shipTo.address == Address(
                lines: ["1200 Commerce St"], city: "Dallas", region: "TX", postalCode: "75202", country: "US"))
            let agent = try #require(try await store.agentRecord(for: stored.identity))
            #expect(agent.events == 3)
        }
    }

    @Test func fullShipmentIsProcessedAndItsInvoiceStatusIsReadBack() async throws {
        try await TrytonTestSupport.withTryton { server, store in
            let settings = TrytonTestSupport.settings(server)
            let client = TrytonTestSupport.client(server)
            let connector = TrytonConnector(client: client)
            let event = try TrytonTestSupport.confirmation(
                order: "1", shipment: "SH-1", lines: [("WIDGET-1", 10), ("GADGET-2", 4)])
            let job = try await TrytonTestSupport.job(for: event, in: store)

            let outcome = await connector.perform(job)
            guard case .done(let detail) = outcome else {
                Issue.record("expected done, got \(outcome)")
                return
            }
            #expect(detail.contains("done"))
            #expect(!detail.contains("backorder"))
            let shipments = try await TrytonTestSupport.shipments(of: "1", client: client)
            #expect(shipments.map(\.state) == ["done"])
            #expect(shipments.first?.reference == "crossdock:\(job.idempotencyKey)")
            let sale = try #require(
                try await client.searchRead("sale.sale", domain: [["number", "=", "1"]], fields: ["shipment_state"])
                    .first)
            #expect(sale["shipment_state"]?.stringValue == "sent")
            let saleID = try #require(TrytonValue.id(sale["id"]))

            // Invoice method "shipment": done made a draft invoice; posting it is what the poll reads back.
            let poller = TrytonPollingService(client: client, settings: settings, store: store)
            let before = try await poller.pollOnce()
            #expect(before.invoices == 0)
            let invoices = try await client.searchRead(
                "account.invoice", domain: [["sales", "=", .number(DecimalNumber(saleID))]], fields: ["state"])
            #expect(invoices.map { $0["state"]?.stringValue } == ["draft"])
            try await client.button("account.invoice", "post", ids: invoices.compactMap { TrytonValue.id($0["id"]) })
            let after = try await poller.pollOnce()
            #expect(after.invoices == 1)
            #expect(after.stored == 1)
            #expect(try await poller.pollOnce().stored == 0)

            let invoiceID = try #require(TrytonValue.id(invoices.first?["id"]))
            let stored = try #require(
                try await store.event(
                    source: "/acme/erp/tryton/crossdock", id: "tryton-invoice:\(invoiceID):posted"))
            let issued = try stored.decoded()
            #expect(issued.extensions["invoicestatus"] == "posted")
            let invoice = try issued.payload(as: Invoice.self)
            #expect(invoice.orderNumber == "1")
            #expect(invoice.purchaseOrderNumber == "PO-1001")
            #expect(invoice.total == DecimalNumber("285"))
            #expect(invoice.lines.compactMap(\.item.sku).sorted() == ["GADGET-2", "WIDGET-1"])
            #expect(stored.subject == invoice.invoiceNumber)
        }
    }

    @Test func partialShipmentLeavesABackorderAndTheSameJobTwiceIsProcessedOnce() async throws {
        try await TrytonTestSupport.withTryton { server, store in
            let client = TrytonTestSupport.client(server)
            let connector = TrytonConnector(client: client)
            let event = try TrytonTestSupport.confirmation(
                order: "3", shipment: "SH-3", lines: [("WIDGET-1", 6), ("SPROCKET-3", 5)])
            let job = try await TrytonTestSupport.job(for: event, in: store)

            let first = await connector.perform(job)
            guard case .done(let detail) = first else {
                Issue.record("expected done, got \(first)")
                return
            }
            #expect(detail.contains("backorder"))
            let afterFirst = try await TrytonTestSupport.shipments(of: "3", client: client)
            #expect(afterFirst.map(\.state) == ["done", "waiting"])
            #expect(afterFirst.first?.quantities == ["WIDGET-1": "6", "SPROCKET-3": "5"])
            #expect(afterFirst.last?.quantities == ["SPROCKET-3": "3"])
            #expect(afterFirst.last?.reference == nil)

            // The same job again (a retry after a crash, a replay): nothing more happens in Tryton.
            var again = job
            again.attempt = 2
            let second = await connector.perform(again)
            guard case .done(let secondDetail) = second else {
                Issue.record("expected done, got \(second)")
                return
            }
            #expect(secondDetail.contains("already"))
            let afterSecond = try await TrytonTestSupport.shipments(of: "3", client: client)
            #expect(afterSecond.map(\.state) == ["done", "waiting"])
            #expect(afterSecond.last?.quantities == ["SPROCKET-3": "3"])
        }
    }

    @Test func aJobInterruptedHalfWayCarriesOnFromTrytonsState() async throws {
        try await TrytonTestSupport.withTryton { server, store in
            let client = TrytonTestSupport.client(server)
            let connector = TrytonConnector(client: client)
            let event = try TrytonTestSupport.confirmation(order: "2", shipment: "SH-2", lines: [("SPROCKET-3", 15)])
            let job = try await TrytonTestSupport.job(for: event, in: store)

            // What a crashed first attempt leaves: the tagged quantities written and stock assigned, no more.
            let open = try #require(try await TrytonTestSupport.shipments(of: "2", client: client).first)
            let moves = try await client.searchRead(
                "stock.shipment.out", domain: [["id", "=", .number(DecimalNumber(open.id))]],
                fields: ["inventory_moves"])
            let moveIDs = TrytonValue.ids(moves.first?["inventory_moves"])
            let moveID = try #require(moveIDs.first)
            try await client.write(
                "stock.shipment.out", ids: [open.id],
                values: [
                    "reference": .string("crossdock:\(job.idempotencyKey)"),
                    "inventory_moves": [["write", [.number(DecimalNumber(moveID))], ["quantity": TrytonValue.float(15)]]],
                ])
            try await client.button("stock.shipment.out", "assign_force", ids: [open.id])

            let outcome = await connector.perform(job)
            guard case .done = outcome else {
                Issue.record("expected done, got \(outcome)")
                return
            }
            let shipments = try await TrytonTestSupport.shipments(of: "2", client: client)
            #expect(shipments.map(\.state) == ["done", "waiting"])
            #expect(shipments.first?.quantities == ["SPROCKET-3": "15"])
            #expect(shipments.last?.quantities == ["SPROCKET-3": "5"])
        }
    }

    @Test func dataTrytonCannotTakeIsADeadLetterWithTheReason() async throws {
        try await TrytonTestSupport.withTryton { server, store in
            let client = TrytonTestSupport.client(server)
            let connector = TrytonConnector(client: client)
            let cases: [(CloudEvent, String)] = [
                (try TrytonTestSupport.confirmation(order: "999", shipment: "SH-X", lines: [("WIDGET-1", 1)]),
                 "no sale numbered 999"),
                (try TrytonTestSupport.confirmation(order: "1", shipment: "SH-Y", lines: [("NOPE-9", 1)], sequence: 2),
                 "SKU NOPE-9"),
                (try TrytonTestSupport.confirmation(order: "1", shipment: "SH-Z", lines: [("WIDGET-1", 11)], sequence: 3),
                 "more of SKU WIDGET-1"),
                (try TrytonTestSupport.confirmation(order: "1", shipment: "SH-0", lines: [("WIDGET-1", 0)], sequence: 4),
                 "ships nothing"),
            ]
            for (event, expected) in cases {
                let outcome = await connector.perform(try await TrytonTestSupport.job(for: event, in: store))
                guard case .deadLetter(let reason, _) = outcome else {
                    Issue.record("expected a dead letter for \(event.subject ?? ""), got \(outcome)")
                    continue
                }
                #expect(reason.contains(expected), "\(reason)")
            }
            // Nothing was touched: sale 1's shipment still waits for everything.
            let shipments = try await TrytonTestSupport.shipments(of: "1", client: client)
            #expect(shipments.map(\.state) == ["waiting"])
            #expect(shipments.first?.reference == nil)

            // Tryton's own refusal (a UserError) is a dead letter with its message.
            do {
                try await client.write("stock.shipment.out", ids: [shipments[0].id], values: ["state": "bogus"])
                Issue.record("Tryton accepted an unknown state")
            } catch let error as TrytonError {
                #expect(error.code == .userError)
                #expect(TrytonConnector.outcome(of: error).isDeadLetter)
            }
        }
    }
}

extension ConnectorOutcome {
    var isDeadLetter: Bool {
        if case .deadLetter = self { return true }
        return false
    }
}
