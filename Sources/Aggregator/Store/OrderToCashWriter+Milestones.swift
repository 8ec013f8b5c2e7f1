import Foundation
import Shared
import WireProtocol

/// Tracking milestones in the order-to-cash tables: each milestone on its shipment, and `milestone-overdue` for
/// shipments that wait too long for the next one.
extension OrderToCashWriter {
    func applyMilestone(_ milestone: TrackingMilestone, _ context: EventContext) throws(SQLiteError) {
        let tenant = context.tenant
        let given = milestone.shipmentNumber ?? context.event.subject ?? milestone.proNumber ?? ""
        let shipment = try findShipment(tenant: tenant, milestone: milestone, given: given)
        let location = milestone.location.map { location in
            [location.name, location.city, location.region, location.country].compactMap { $0 }.joined(separator: ", ")
        }
        try database.run(
            """
            INSERT OR IGNORE INTO o2c_milestones (store_seq, tenant, shipment_number, status_code, status_description,
                                                  reason_code, event_time, event_time_ms, location, signed_by)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """,
            [
                .integer(context.storeSequence), .text(tenant), .text(shipment ?? given), .text(milestone.statusCode),
                Self.text(milestone.statusDescription), Self.text(milestone.reasonCode), .text(milestone.eventTime.text),
                .integer(EventContext.milliseconds(milestone.eventTime)), Self.text(location),
                Self.text(milestone.signedBy),
            ])
        guard let shipment else {
            try raise(
                .unknownShipment,
                path: JSONPath.root.appending("data").appending(milestone.shipmentNumber != nil ? "shipmentNumber" : "proNumber"),
                message: """
                    milestone \(milestone.statusCode) names shipment "\(given)", which no shipment.confirmed or \
                    shipment.tendered of tenant \(tenant) announced (also not as PRO, bill of lading or tracking \
                    number); check the carrier's reference, or that the shipment confirmation arrived
                    """,
                context: context, dedupKey: "o2c unknown-shipment \(tenant) \(context.event.idempotencyKey)")
            return
        }
        let delivered = settings.deliveredCodes.contains(milestone.statusCode)
        try database.run(
            """
            UPDATE o2c_shipments SET awaiting_milestone_since_ms = NULL,
                status = CASE WHEN ?3 = 1 THEN 'delivered' WHEN status = 'delivered' THEN status ELSE 'in-transit' END,
                estimated_delivery = coalesce(?4, estimated_delivery)
            WHERE tenant = ?1 AND shipment_number = ?2
            """,
            [
                .text(tenant), .text(shipment), .integer(delivered ? 1 : 0),
                Self.text(milestone.estimatedDelivery?.text),
            ])
        for row in try database.rows(
            "SELECT order_number FROM o2c_shipment_orders WHERE tenant = ?1 AND shipment_number = ?2",
            [.text(tenant), .text(shipment)])
        {
            if let order = row[0].text { try refreshState(tenant: tenant, order: order) }
        }
    }

    /// The shipment a milestone is about: by number, else by PRO, bill of lading or tracking number.
    private func findShipment(tenant: String, milestone: TrackingMilestone, given: String) throws(SQLiteError)
        -> String?
    {
        if !given.isEmpty,
            let number = try database.scalar(
                "SELECT shipment_number FROM o2c_shipments WHERE tenant = ?1 AND shipment_number = ?2",
                [.text(tenant), .text(given)])?.text
        {
            return number
        }
        let references: [(String, String?)] = [
            ("pro_number", milestone.proNumber), ("bill_of_lading", milestone.billOfLading),
        ]
        for (column, value) in references {
            guard let value else { continue }
            if let number = try database.scalar(
                "SELECT shipment_number FROM o2c_shipments WHERE tenant = ?1 AND \(column) = ?2 LIMIT 1",
                [.text(tenant), .text(value)])?.text
            {
                return number
            }
        }
        if let tracking = milestone.trackingNumber,
            let number = try database.scalar(
                """
                SELECT shipment_number FROM o2c_shipments, json_each(o2c_shipments.tracking_numbers) AS t
                WHERE tenant = ?1 AND t.value = ?2 LIMIT 1
                """, [.text(tenant), .text(tracking)])?.text
        {
            return number
        }
        return nil
    }

    /// Raises `milestone-overdue` once per shipment waiting longer than the timeout; returns how many.
    mutating func raiseOverdueMilestones() throws(SQLiteError) -> Int {
        let deadline = nowMilliseconds - settings.milestoneTimeoutMilliseconds
        let rows = try database.rows(
            """
            SELECT tenant, shipment_number, site, awaiting_milestone_since_ms FROM o2c_shipments
            WHERE awaiting_milestone_since_ms IS NOT NULL AND awaiting_milestone_since_ms <= ?1
            ORDER BY awaiting_milestone_since_ms LIMIT 1000
            """, [.integer(deadline)])
        for row in rows {
            guard let tenant = row[0].text, let shipment = row[1].text, let since = row[3].integer else { continue }
            let left = ZonedDateTime(date: Date(timeIntervalSince1970: Double(since) / 1000)).text
            var summary = JSONObject()
            summary["tenant"] = .string(tenant)
            summary["shipmentNumber"] = .string(shipment)
            summary["shippedAt"] = .string(left)
            try insertException(
                .milestoneOverdue, tenant: tenant, site: row[2].text, agent: nil, source: nil, eventID: nil,
                type: nil, problems: [
                    ValidationProblem(
                        path: .root,
                        message: """
                            shipment \(shipment) left at \(left) and no tracking milestone arrived within \
                            \(settings.milestoneTimeout) (order_to_cash.milestone_timeout); check the tender to the \
                            carrier and the milestone feed
                            """)
                ], raw: JSONValue.object(summary).encoded(),
                dedupKey: "o2c milestone-overdue \(tenant) \(shipment)")
            try database.run(
                "UPDATE o2c_shipments SET awaiting_milestone_since_ms = NULL WHERE tenant = ?1 AND shipment_number = ?2",
                [.text(tenant), .text(shipment)])
        }
        return rows.count
    }
}
