import WireProtocol

extension X12Mapping {
    /// 214 Shipment Status Message → `shipment.milestone` (``TrackingMilestone``), one event per AT7.
    ///
    /// B10: B1002 shipment number (B1001 when empty), B1001 PRO, B1003 SCAC; L11 bill of lading, PRO and PO
    /// numbers by the profile's qualifiers. Each AT7 in an LX loop: AT701 status (AT703 appointment status when
    /// empty), AT702/AT704 reason, AT705–AT707 time with its time code; MS1 the location, MS2 the equipment.
    /// Event ids carry the AT7's ordinal in the set.
    static func milestones214(_ r: X12SetReader) throws -> [EDIMappedEvent] {
        let b10 = try r.required("B10", for: "the shipment reference")
        let shipmentNumber = [b10[2], b10[1]].first { !$0.isEmpty }
        var bol: String?
        var pro = b10[1].isEmpty ? nil : b10[1]
        var pos: [String] = []
        for (q, v) in X12SetReader.references(r.body, tag: "L11", qualifierElement: 2, valueElement: 1) {
            if r.profile.billOfLadingQualifiers.contains(q) { bol = bol ?? v }
            if r.profile.proNumberQualifiers.contains(q) { pro = pro ?? v }
            if r.profile.purchaseOrderQualifiers.contains(q) && !pos.contains(v) { pos.append(v) }
        }
        let carrier = b10[3].isEmpty ? nil : CarrierService(scac: b10[3])
        var events: [EDIMappedEvent] = []
        var stop: Int?
        var ordinal = 0
        let loops = X12SetReader.loops(r.body, start: "LX")
        for loop in loops {
            stop = Int(loop[0][1])
            let location = loop.first { $0.hasTag("MS1") }.map {
                MilestoneLocation(
                    city: $0[1].isEmpty ? nil : $0[1], region: $0[2].isEmpty ? nil : $0[2],
                    country: $0[3].isEmpty ? nil : X12SetReader.country($0[3]))
            }
            let equipment = loop.first { $0.hasTag("MS2") }.map { $0[2] }.flatMap { $0.isEmpty ? nil : $0 }
            for at7 in loop where at7.hasTag("AT7") {
                let status = at7[1].isEmpty ? at7[3] : at7[1]
                guard !status.isEmpty else {
                    throw r.failure(
                        "AT7 has neither a shipment status (AT701) nor an appointment status (AT703)", at: at7,
                        element: "AT701")
                }
                guard let time = X12TimeCodes.timestamp(date: at7[5], time: at7[6], code: at7[7], profile: r.profile)
                else {
                    throw r.failure(
                        "AT705/AT706 '\(at7[5]) \(at7[6])' is not a date and time", at: at7, element: "AT705")
                }
                let reason = at7[1].isEmpty ? at7[4] : at7[2]
                let milestone = TrackingMilestone(
                    shipmentNumber: shipmentNumber, billOfLading: bol, proNumber: pro,
                    purchaseOrderNumbers: pos.isEmpty ? nil : pos, carrier: carrier, statusCode: status,
                    statusDescription: statusDescriptions[status], reasonCode: reason.isEmpty ? nil : reason,
                    eventTime: time, location: location, stopNumber: stop, equipmentNumber: equipment)
                events.append(
                    try EDIMappedEvent(
                        id: r.eventID(index: ordinal), type: .shipmentMilestone, subject: shipmentNumber, time: time,
                        correlationID: pos.first ?? shipmentNumber, payload: milestone))
                ordinal += 1
            }
        }
        guard !events.isEmpty else { throw r.failure("has no AT7 status: nothing to report", at: b10) }
        return events
    }

    /// Common AT701 shipment status codes (X12 element 1650) in words.
    static let statusDescriptions: [String: String] = [
        "AF": "Actual pickup", "AG": "Estimated delivery", "AH": "Attempted delivery", "AJ": "Tendered for delivery",
        "AM": "Loaded on truck", "AP": "Delivery not completed", "AV": "Available for delivery",
        "A3": "Shipment returned to shipper", "A7": "Refused by consignee", "A9": "Shipment damaged",
        "B6": "Estimated to arrive at carrier terminal", "CA": "Shipment cancelled",
        "CD": "Carrier departed delivery location",
        "CP": "Completed loading at pickup location", "D1": "Completed unloading at delivery location",
        "I1": "In-gate", "J1": "Delivered to connecting line", "K1": "Arrived at customs", "L1": "Loading",
        "OA": "Out-gate", "OO": "Paperwork received, did not receive shipment", "P1": "Departed terminal location",
        "PR": "U.S. customs hold at in-bond location", "RL": "Rail departure from origin intermodal ramp",
        "S1": "Trailer spotted at consignee's location", "SD": "Shipment delayed", "X1": "Arrived at delivery location",
        "X2": "Estimated date and/or time of arrival at consignee's location", "X3": "Arrived at pickup location",
        "X4": "Arrived at terminal location", "X5": "Arrived at delivery location loading dock",
        "X6": "En route to delivery location", "X8": "Arrived at pickup location loading dock",
        "XB": "Shipment acknowledged",
    ]
}
