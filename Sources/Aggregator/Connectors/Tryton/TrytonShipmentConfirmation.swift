import Foundation
import WireProtocol

/// Processes a `shipment.confirmed` (the WMS's 945) in Tryton: the shipped quantities on the sale's waiting
/// customer shipment, then `assign_force`, `pick`, `pack`, `done`.
///
/// Tryton leaves what was not shipped as a backorder shipment of the sale, `waiting`. The first write stores
/// `crossdock:{idempotency key}` in the shipment's `reference` together with the quantities, so a second run of
/// the same job (a retry after a crash, a replay) finds that shipment: done → nothing to do; half-way → it carries
/// on from the state Tryton has, and never touches the backorder. The WMS is the authority on what left, so
/// stock is force-assigned (the integration user needs Tryton's force-assignment group).
struct TrytonShipmentConfirmation: Sendable {
    let client: TrytonClient
    let mapping: TrytonOrderMapping

    /// The button that moves a customer shipment out of each state, towards `done`.
    static let nextButton = ["waiting": "assign_force", "assigned": "pick", "picked": "pack", "packed": "done"]

    /// Confirms `shipment` for each order it names; returns one line per order for `trace`.
    func confirm(_ shipment: Shipment, idempotencyKey: String) async throws(TrytonError) -> String {
        var orders = shipment.orderNumbers
        if orders.isEmpty {
            for number in shipment.lines.compactMap(\.orderNumber) where !orders.contains(number) {
                orders.append(number)
            }
        }
        guard !orders.isEmpty else {
            throw TrytonError(
                .dataMismatch, operation: "shipment.confirm",
                message: "shipment \(shipment.shipmentNumber) names no sales order (orderNumbers and lines are empty)")
        }
        var details: [String] = []
        for order in orders {
            let lines = shipment.lines.filter { $0.orderNumber == order || ($0.orderNumber == nil && orders.count == 1) }
            details.append(try await confirm(order: order, lines: lines, tag: "crossdock:\(idempotencyKey)"))
        }
        return details.joined(separator: "; ")
    }

    private func confirm(order: String, lines: [ShipmentLine], tag: String) async throws(TrytonError) -> String {
        let operation = "shipment.confirm \(order)"
        guard
            let sale = try await client.searchRead(
                "sale.sale", domain: [["number", "=", .string(order)]], fields: ["shipments"], limit: 1
            ).first
        else {
            throw TrytonError(.dataMismatch, operation: operation, message: "Tryton has no sale numbered \(order)")
        }
        let shipments = try await readShipments(TrytonValue.ids(sale["shipments"]))
        let target: JSONObject
        if let tagged = shipments.first(where: { $0["reference"]?.stringValue == tag }) {
            let state = tagged["state"]?.stringValue ?? ""
            if state == "done" { return "sale \(order): shipment \(number(tagged)) was already done by this job" }
            if state == "cancelled" {
                throw TrytonError(
                    .dataMismatch, operation: operation,
                    message: "shipment \(number(tagged)) of sale \(order) taken by this job was cancelled in Tryton")
            }
            target = tagged
        } else {
            guard
                let open = shipments.first(where: {
                    ["waiting", "draft", "assigned"].contains($0["state"]?.stringValue ?? "")
                })
            else {
                let states = shipments.map { "\(number($0)) \($0["state"]?.stringValue ?? "?")" }
                throw TrytonError(
                    .dataMismatch, operation: operation,
                    message: "sale \(order) has no customer shipment waiting to ship (\(states.joined(separator: ", ")))")
            }
            target = try await setQuantities(open, lines: lines, order: order, tag: tag)
        }
        let id = TrytonValue.id(target["id"]) ?? 0
        var state = target["state"]?.stringValue ?? ""
        for _ in 0..<Self.nextButton.count {
            guard let button = Self.nextButton[state] else { break }
            try await client.button("stock.shipment.out", button, ids: [id])
            let after = try await readShipments([id]).first?["state"]?.stringValue ?? ""
            guard after != state else {
                throw TrytonError(
                    .dataMismatch, operation: "model.stock.shipment.out.\(button)",
                    message: "Tryton left shipment \(number(target)) of sale \(order) in state \(state)")
            }
            state = after
        }
        guard state == "done" else {
            throw TrytonError(
                .dataMismatch, operation: operation,
                message: "shipment \(number(target)) of sale \(order) ended in state \(state), not done")
        }
        let after = try await client.searchRead(
            "sale.sale", domain: [["number", "=", .string(order)]], fields: ["shipments"], limit: 1)
        let backorders = try await readShipments(TrytonValue.ids(after.first?["shipments"]))
            .filter { $0["state"]?.stringValue == "waiting" }
        let rest = backorders.isEmpty ? "" : ", backorder \(backorders.map(number).joined(separator: ", ")) waiting"
        return "sale \(order): shipment \(number(target)) done\(rest)"
    }

    /// Brings `shipment` back to `waiting` if needed, then writes the tag and the shipped quantities in one call.
    private func setQuantities(_ shipment: JSONObject, lines: [ShipmentLine], order: String, tag: String)
        async throws(TrytonError) -> JSONObject
    {
        var shipment = shipment
        let id = TrytonValue.id(shipment["id"]) ?? 0
        if shipment["state"]?.stringValue != "waiting" {
            // An assigned move cannot change; `wait` recreates the moves, so they are read again.
            try await client.button("stock.shipment.out", "wait", ids: [id])
            guard let again = try await readShipments([id]).first, again["state"]?.stringValue == "waiting" else {
                throw TrytonError(
                    .dataMismatch, operation: "model.stock.shipment.out.wait",
                    message: "Tryton did not put shipment \(number(shipment)) of sale \(order) back to waiting")
            }
            shipment = again
        }
        let moves = try await client.searchRead(
            "stock.move",
            domain: [["id", "in", .array(TrytonValue.ids(shipment["inventory_moves"]).map { .number(DecimalNumber($0)) })]],
            fields: ["product.code", "quantity", "uom.symbol", "state"])
        let quantities = try TrytonShipmentAllocation(mapping: mapping).quantities(
            for: moves.filter { $0["state"]?.stringValue != "cancelled" }, lines: lines, order: order,
            shipment: number(shipment))
        var values: JSONObject = ["reference": .string(tag)]
        values["inventory_moves"] = .array(
            quantities.map { moveID, quantity -> JSONValue in
                ["write", [.number(DecimalNumber(moveID))], ["quantity": TrytonValue.float(quantity)]]
            })
        try await client.write("stock.shipment.out", ids: [id], values: values)
        return shipment
    }

    private func readShipments(_ ids: [Int]) async throws(TrytonError) -> [JSONObject] {
        guard !ids.isEmpty else { return [] }
        return try await client.searchRead(
            "stock.shipment.out", domain: [["id", "in", .array(ids.map { .number(DecimalNumber($0)) })]],
            fields: ["number", "state", "reference", "inventory_moves"])
    }

    private func number(_ shipment: JSONObject) -> String {
        shipment["number"]?.stringValue ?? "#\(TrytonValue.id(shipment["id"]) ?? 0)"
    }
}
