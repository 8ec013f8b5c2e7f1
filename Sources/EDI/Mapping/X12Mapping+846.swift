import Foundation
import WireProtocol

extension X12Mapping {
    /// 846 Inventory Inquiry/Advice → `inventory.snapshot` (``InventorySnapshot``).
    ///
    /// BIA04/BIA05 the moment; N1 `WH` (N104, else N102) the facility, the interchange sender when absent; each
    /// LIN (item IDs from LIN02 on, PID05 description) a position at location `*` (or its N1 `WH`/LOC… when the
    /// partner reports per location, not modelled here); its QTY segments give on hand, available and
    /// allocated by the profile's qualifiers (``PartnerProfile/onHandQualifiers846`` …), with the missing one
    /// derived from the other two; REF `LT` the lot. ``PartnerProfile/inventoryReportsAreComplete`` sets
    /// ``InventorySnapshot/complete``.
    static func inventory846(_ r: X12SetReader) throws -> EDIMappedEvent {
        let bia = try r.required("BIA", for: "the report date")
        guard let asOf = X12TimeCodes.timestamp(date: bia[4], time: bia[5], code: nil, profile: r.profile) else {
            throw r.failure("BIA04 date '\(bia[4])' is not a date", at: bia, element: "BIA04")
        }
        let facility =
            r.partyLoops(r.body).first { $0[0][1] == "WH" }.map { $0[0][4].isEmpty ? $0[0][2] : $0[0][4] }
            ?? r.set.interchange.senderID
        var snapshot = InventorySnapshot(
            facility: facility, asOf: asOf, complete: r.profile.inventoryReportsAreComplete)
        for loop in X12SetReader.loops(r.body, start: "LIN", end: ["CTT"]) {
            let lin = loop[0]
            var unit: UnitOfMeasure?
            func quantity(_ qualifiers: [String]) throws -> DecimalNumber? {
                for q in qualifiers {
                    if let s = loop.first(where: { $0.hasTag("QTY") && $0[1] == q }) {
                        unit = unit ?? (s.component(3, 1).map { UnitOfMeasure(rawValue: $0.isEmpty ? "EA" : $0) })
                        return try r.number(s, 2, "quantity \(q)")
                    }
                }
                return nil
            }
            let onHand = try quantity(r.profile.onHandQualifiers846)
            let available = try quantity(r.profile.availableQualifiers846)
            let allocated = try quantity(r.profile.allocatedQualifiers846)
            guard let onHand = onHand ?? available else {
                throw r.failure(
                    "LIN \(lin[1]) has no QTY with an on-hand qualifier (\(r.profile.onHandQualifiers846.joined(separator: ", ")))",
                    at: lin)
            }
            let reserved =
                allocated ?? available.flatMap { DecimalNumber(onHand.decimalValue - $0.decimalValue) }
                ?? DecimalNumber(0)
            let free = available ?? DecimalNumber(onHand.decimalValue - reserved.decimalValue) ?? onHand
            snapshot.positions.append(
                InventoryPosition(
                    location: "*", item: r.item(lin, pairsFrom: 2),
                    lot: loop.first { $0.hasTag("REF") && $0[1] == "LT" }?[2],
                    unit: unit ?? .each, onHand: onHand, available: free, allocated: reserved))
        }
        return try EDIMappedEvent(
            id: r.eventID(), type: .inventorySnapshot, subject: facility, time: asOf, correlationID: nil,
            payload: snapshot)
    }
}
