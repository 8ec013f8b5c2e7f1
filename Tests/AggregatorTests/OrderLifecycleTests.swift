import Aggregator
import CrossdockTesting
import Foundation
import Testing
import WireProtocol

/// The order-to-cash projection over a real SQLite store: state per order from the stored events, and the
/// exceptions it raises.
struct OrderLifecycleTests {
    @Test func statesFollowTheOrderFromCreationToInvoice() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            let projection = OrderToCashProjection(store: store)
            var acme = OrderEvents(tenant: "acme")
            // Overdue milestones are judged at a fixed time, an hour after the shipments left.
            let now = Int64(ZonedDateTime("2026-03-02T16:00:00Z")!.date.timeIntervalSince1970 * 1000)
            func state() async throws -> OrderState? {
                try await projection.catchUp(nowMilliseconds: now)
                return try await store.portalOrder(tenant: "acme", number: "SO-1", customer: nil)?.state
            }
            try await store.store([acme.order("SO-1", customer: "C-1", lines: [("1", "SKU-1", 10), ("2", "SKU-2", 5)])])
            #expect(try await state() == .created)
            try await store.store([acme.order("SO-1", customer: "C-1", lines: [("1", "SKU-1", 10), ("2", "SKU-2", 5)], released: true)])
            #expect(try await state() == .released)
            try await store.store([
                acme.shipment("SH-1", order: "SO-1", lines: [("1", "SKU-1", 6, 4), ("2", "SKU-2", 5, nil)], pro: "PRO-1")
            ])
            #expect(try await state() == .partiallyShipped)
            try await store.store([acme.shipment("SH-2", order: "SO-1", lines: [("1", "SKU-1", 4, 0)])])
            #expect(try await state() == .shipped)
            try await store.store([acme.milestone("SH-1", code: "X6", at: "2026-03-03T08:00:00-06:00")])
            #expect(try await state() == .inTransit)
            try await store.store([
                acme.milestone("SH-1", code: "D1", at: "2026-03-04T10:00:00-06:00"),
                acme.milestone("SH-2", code: "D1", at: "2026-03-04T11:00:00-06:00"),
            ])
            #expect(try await state() == .delivered)
            try await store.store([acme.invoice("INV-1", order: "SO-1", shipment: "SH-1")])
            #expect(try await state() == .invoiced)

            let order = try #require(try await store.portalOrder(tenant: "acme", number: "SO-1", customer: nil))
            #expect(order.customer == "C-1")
            #expect(order.lines.map(\.shipped) == ["10", "5"])
            #expect(order.shipments.map(\.shipmentNumber) == ["SH-1", "SH-2"])
            #expect(order.shipments[0].milestones.map(\.statusCode) == ["X6", "D1"])
            #expect(order.shipments[0].status == "delivered")
            #expect(order.invoices.map(\.invoiceNumber) == ["INV-1"])
            // A backorder explains the partial shipment: no exception was raised for this order.
            #expect(try await store.exceptions(limit: 100).isEmpty)
            await store.close()
        }
    }

    @Test func shortShipmentWithoutBackorderIsAnException() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            let projection = OrderToCashProjection(store: store)
            var acme = OrderEvents(tenant: "acme")
            try await store.store([
                acme.order("SO-2", customer: "C-1", lines: [("1", "SKU-1", 10)], released: true),
                acme.shipment("SH-3", order: "SO-2", lines: [("1", "SKU-1", 7, nil)]),
            ])
            try await projection.catchUp()
            let exceptions = try await store.exceptions(.quantityMismatch)
            try #require(exceptions.count == 1)
            #expect(exceptions[0].problemsJSON.contains("$.data.lines[0].shippedQuantity"))
            #expect(exceptions[0].problemsJSON.contains("7 EA shipped in all and 0 backordered, of 10 ordered"))
            #expect(exceptions[0].identity?.tenant == "acme")
            #expect(exceptions[0].type == EventType.shipmentConfirmed.rawValue)
            // Applying again (a restart re-reading nothing new) raises nothing twice.
            try await projection.catchUp()
            #expect(try await store.exceptions(.quantityMismatch).count == 1)
            #expect(try await store.exceptions(.quantityMismatch)[0].occurrences == 1)
            await store.close()
        }
    }

    @Test func invoiceBeforeShipmentAndMilestoneForAnUnknownShipmentAreExceptions() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            let projection = OrderToCashProjection(store: store)
            var acme = OrderEvents(tenant: "acme")
            try await store.store([
                acme.order("SO-3", customer: "C-1", lines: [("1", "SKU-1", 10)], released: true),
                acme.invoice("INV-3", order: "SO-3"),
                acme.milestone("SH-404", code: "X6", at: "2026-03-03T08:00:00Z"),
            ])
            try await projection.catchUp()
            let early = try await store.exceptions(.invoiceBeforeShipment)
            try #require(early.count == 1)
            #expect(early[0].problemsJSON.contains("invoice INV-3 was issued for order SO-3 before any shipment"))
            let unknown = try await store.exceptions(.unknownShipment)
            try #require(unknown.count == 1)
            #expect(unknown[0].problemsJSON.contains("SH-404"))
            // An invoice before any shipment does not make the order invoiced.
            #expect(try await store.portalOrder(tenant: "acme", number: "SO-3", customer: nil)?.state == .released)
            // A milestone found by PRO number is not unknown.
            try await store.store([
                acme.shipment("SH-5", order: "SO-3", lines: [("1", "SKU-1", 10, nil)], pro: "PRO-5"),
                acme.milestone(nil, code: "X6", at: "2026-03-03T09:00:00Z", pro: "PRO-5"),
            ])
            try await projection.catchUp()
            #expect(try await store.exceptions(.unknownShipment).count == 1)
            #expect(try await store.portalShipment(tenant: "acme", number: "SH-5", customer: nil)?.milestones.count == 1)
            #expect(try await store.portalOrder(tenant: "acme", number: "SO-3", customer: nil)?.state == .invoiced)
            await store.close()
        }
    }

    @Test func aShipmentWithoutMilestoneForTooLongIsAnExceptionOnce() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            let projection = OrderToCashProjection(
                store: store, settings: OrderToCashSettings(milestoneTimeout: .seconds(4 * 3600)))
            var acme = OrderEvents(tenant: "acme")
            try await store.store([
                acme.order("SO-4", customer: "C-1", lines: [("1", "SKU-1", 1)], released: true),
                acme.shipment("SH-6", order: "SO-4", lines: [("1", "SKU-1", 1, nil)], shippedAt: "2026-03-02T10:00:00Z"),
                acme.order("SO-5", customer: "C-1", lines: [("1", "SKU-1", 1)], released: true),
                acme.shipment("SH-7", order: "SO-5", lines: [("1", "SKU-1", 1, nil)], shippedAt: "2026-03-02T10:00:00Z"),
                acme.milestone("SH-7", code: "X3", at: "2026-03-02T11:00:00Z"),
            ])
            let shippedAt = Int64(ZonedDateTime("2026-03-02T10:00:00Z")!.date.timeIntervalSince1970 * 1000)
            try await projection.catchUp(nowMilliseconds: shippedAt + 3 * 3600 * 1000)
            #expect(try await store.exceptions(.milestoneOverdue).isEmpty)
            try await projection.catchUp(nowMilliseconds: shippedAt + 5 * 3600 * 1000)
            let overdue = try await store.exceptions(.milestoneOverdue)
            try #require(overdue.count == 1)
            #expect(overdue[0].problemsJSON.contains("shipment SH-6 left at 2026-03-02T10:00:00"))
            try await projection.catchUp(nowMilliseconds: shippedAt + 9 * 3600 * 1000)
            #expect(try await store.exceptions(.milestoneOverdue).count == 1)
            await store.close()
        }
    }

    @Test func theProjectionResumesFromItsCheckpointAfterReopening() async throws {
        try await withTemporaryDirectory { dir in
            var acme = OrderEvents(tenant: "acme")
            let first = try SQLiteEventStore(path: dir + "/events.sqlite")
            try await first.store([acme.order("SO-6", customer: "C-1", lines: [("1", "SKU-1", 2)])])
            let progress = try await OrderToCashProjection(store: first).catchUp()
            #expect(progress.isCaughtUp && progress.checkpoint == 1)
            try await first.store([acme.order("SO-6", customer: "C-1", lines: [("1", "SKU-1", 2)], released: true)])
            await first.close()
            let second = try SQLiteEventStore(path: dir + "/events.sqlite")
            #expect(try await second.orderToCashPosition() == OrderToCashProgress(checkpoint: 1, latest: 2, applied: 0))
            try await OrderToCashProjection(store: second).catchUp()
            #expect(try await second.portalOrder(tenant: "acme", number: "SO-6", customer: nil)?.state == .released)
            await second.close()
        }
    }

    @Test(arguments: [
        (false, [Bool](), [OrderState.ShipmentProgress](), false, OrderState.created),
        (true, [true], [], true, .released),
        (true, [true, false], [.shipped], false, .partiallyShipped),
        (true, [true], [.shipped], false, .shipped),
        (true, [true], [.shipped, .inTransit], false, .inTransit),
        (true, [false], [.delivered], false, .inTransit),
        (true, [true], [.delivered, .delivered], false, .delivered),
        (true, [true], [.shipped], true, .invoiced),
    ])
    func stateDerivation(
        released: Bool, lines: [Bool], shipments: [OrderState.ShipmentProgress], invoiced: Bool, expected: OrderState
    ) {
        #expect(OrderState.derive(released: released, lines: lines, shipments: shipments, invoiced: invoiced) == expected)
    }
}
