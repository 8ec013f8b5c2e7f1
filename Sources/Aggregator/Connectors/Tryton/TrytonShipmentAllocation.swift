import Foundation
import WireProtocol

/// Spreads the shipped quantities of a `shipment.confirmed` over the inventory moves of a Tryton shipment.
///
/// Per product code (the line's SKU): the moves in id order get what they wait for until the shipped quantity is
/// used up; moves left over get 0 (Tryton turns the difference into a backorder). Refused, as data the WMS and the
/// ERP disagree on: a SKU the shipment does not wait for, more shipped than it waits for, a different unit, and a
/// confirmation that ships nothing at all (it would leave an empty done shipment).
struct TrytonShipmentAllocation {
    let mapping: TrytonOrderMapping

    /// Move id → quantity to write, for every move.
    func quantities(for moves: [JSONObject], lines: [ShipmentLine], order: String, shipment: String)
        throws(TrytonError) -> [(Int, DecimalNumber)]
    {
        let operation = "shipment.confirm \(order)"
        var shipped: [String: Decimal] = [:]
        var units: [String: UnitOfMeasure] = [:]
        for line in lines {
            guard let sku = line.item.sku, !sku.isEmpty else {
                throw TrytonError(
                    .dataMismatch, operation: operation,
                    message: "line \(line.lineNumber) has no SKU; Tryton products are matched by their code")
            }
            shipped[sku, default: 0] += line.shippedQuantity.value.decimalValue
            units[sku] = line.shippedQuantity.unit
        }
        let waiting = Set(moves.compactMap { TrytonValue.related($0, "product.code")?.stringValue })
        if let unknown = shipped.keys.sorted().first(where: { !waiting.contains($0) }) {
            throw TrytonError(
                .dataMismatch, operation: operation,
                message: "SKU \(unknown) shipped, but shipment \(shipment) of sale \(order) does not wait for it "
                    + "(it waits for \(waiting.sorted().joined(separator: ", ")))")
        }
        var result: [(Int, DecimalNumber)] = []
        var total: Decimal = 0
        let ordered = moves.sorted { (TrytonValue.id($0["id"]) ?? 0) < (TrytonValue.id($1["id"]) ?? 0) }
        for move in ordered {
            guard let id = TrytonValue.id(move["id"]), let sku = TrytonValue.related(move, "product.code")?.stringValue
            else { continue }
            let unit = mapping.unit(TrytonValue.related(move, "uom.symbol")?.stringValue)
            if let shippedUnit = units[sku], shippedUnit != unit {
                throw TrytonError(
                    .dataMismatch, operation: operation,
                    message: "SKU \(sku) shipped in \(shippedUnit.rawValue), but Tryton's move is in \(unit.rawValue)")
            }
            let wanted = TrytonValue.number(move["quantity"])?.decimalValue ?? 0
            let left = shipped[sku] ?? 0
            let quantity = min(left, wanted)
            shipped[sku] = left - quantity
            total += quantity
            result.append((id, DecimalNumber(quantity) ?? 0))
        }
        if let extra = shipped.sorted(by: { $0.key < $1.key }).first(where: { $0.value > 0 }) {
            throw TrytonError(
                .dataMismatch, operation: operation,
                message: "\(extra.value) more of SKU \(extra.key) shipped than shipment \(shipment) of sale \(order) waits for")
        }
        guard total > 0 else {
            throw TrytonError(
                .dataMismatch, operation: operation,
                message: "the confirmation ships nothing for sale \(order); cancel or handle the shipment in Tryton")
        }
        return result
    }
}
