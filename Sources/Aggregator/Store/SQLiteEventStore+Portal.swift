import Foundation
import Shared
import WireProtocol

/// Reads of the order-to-cash tables for the portal API; every query is bound to one tenant.
extension SQLiteEventStore {
    public func portalOrders(tenant: String, customer: String?, state: OrderState?, limit: Int) async throws
        -> [PortalOrderSummary]
    {
        try await withDatabase { database in
            try database.rows(
                """
                SELECT order_number, purchase_order_number, customer, customer_name, state, updated_at_ms
                FROM o2c_orders
                WHERE tenant = ?1 AND (?2 IS NULL OR customer = ?2) AND (?3 IS NULL OR state = ?3)
                ORDER BY updated_at_ms DESC, order_number LIMIT ?4
                """,
                [
                    .text(tenant), OrderToCashWriter.text(customer), OrderToCashWriter.text(state?.rawValue),
                    .integer(Int64(max(0, limit))),
                ]
            ).map { row in
                PortalOrderSummary(
                    orderNumber: row[0].text ?? "", purchaseOrderNumber: row[1].text, customer: row[2].text,
                    customerName: row[3].text, state: OrderState(rawValue: row[4].text ?? "") ?? .created,
                    updatedAt: Self.timestamp(row[5].integer))
            }
        }
    }

    public func portalOrder(tenant: String, number: String, customer: String?) async throws -> PortalOrder? {
        try await withDatabase { database in
            try Self.portalOrder(tenant: tenant, number: number, customer: customer, in: database)
        }
    }

    public func portalShipment(tenant: String, number: String, customer: String?) async throws -> PortalShipment? {
        try await withDatabase { database in
            if let customer {
                let visible =
                    try database.scalar(
                        """
                        SELECT count(*) FROM o2c_shipment_orders so
                        JOIN o2c_orders o ON o.tenant = so.tenant AND o.order_number = so.order_number
                        WHERE so.tenant = ?1 AND so.shipment_number = ?2 AND o.customer = ?3
                        """, [.text(tenant), .text(number), .text(customer)])?.integer ?? 0
                guard visible > 0 else { return nil }
            }
            return try Self.shipment(tenant: tenant, number: number, in: database)
        }
    }

    private static func portalOrder(tenant: String, number: String, customer: String?, in database: SQLiteConnection)
        throws -> PortalOrder?
    {
        let key: [SQLiteValue] = [.text(tenant), .text(number)]
        guard
            let row = try database.rows(
                """
                SELECT order_number, purchase_order_number, customer, customer_name, facility, order_date,
                       requested_ship_date, state, created_at_ms, updated_at_ms
                FROM o2c_orders WHERE tenant = ?1 AND order_number = ?2 AND (?3 IS NULL OR customer = ?3)
                """, key + [OrderToCashWriter.text(customer)]
            ).first
        else { return nil }
        var shipped: [String: Decimal] = [:]
        var backordered: [String: String] = [:]
        for line in try database.rows(
            """
            SELECT order_line_number, shipped, backordered FROM o2c_shipment_lines
            WHERE tenant = ?1 AND order_number = ?2 AND order_line_number IS NOT NULL ORDER BY shipment_number
            """, key)
        {
            guard let number = line[0].text else { continue }
            shipped[number, default: 0] += OrderToCashWriter.decimal(line[1].text) ?? 0
            backordered[number] = line[2].text ?? "0"
        }
        let lines = try database.rows(
            """
            SELECT line_number, sku, description, ordered, unit FROM o2c_order_lines
            WHERE tenant = ?1 AND order_number = ?2 ORDER BY length(line_number), line_number
            """, key
        ).map { line in
            let number = line[0].text ?? ""
            return PortalOrderLine(
                lineNumber: number, sku: line[1].text, description: line[2].text, ordered: line[3].text,
                shipped: "\(shipped[number] ?? 0)", backordered: backordered[number] ?? "0", unit: line[4].text)
        }
        let shipments = try database.rows(
            "SELECT shipment_number FROM o2c_shipment_orders WHERE tenant = ?1 AND order_number = ?2 ORDER BY 1", key
        ).compactMap { shipment in
            try shipment[0].text.flatMap { try Self.shipment(tenant: tenant, number: $0, in: database) }
        }
        let invoices = try database.rows(
            """
            SELECT invoice_number, invoice_date, due_date, shipment_number, currency, total FROM o2c_invoices
            WHERE tenant = ?1 AND order_number = ?2 ORDER BY invoice_date, invoice_number
            """, key
        ).map { invoice in
            PortalInvoice(
                invoiceNumber: invoice[0].text ?? "", invoiceDate: invoice[1].text ?? "", dueDate: invoice[2].text,
                shipmentNumber: invoice[3].text, currency: invoice[4].text ?? "", total: invoice[5].text ?? "0")
        }
        return PortalOrder(
            orderNumber: row[0].text ?? "", purchaseOrderNumber: row[1].text, customer: row[2].text,
            customerName: row[3].text, facility: row[4].text, orderDate: row[5].text, requestedShipDate: row[6].text,
            state: OrderState(rawValue: row[7].text ?? "") ?? .created, lines: lines, shipments: shipments,
            invoices: invoices, createdAt: timestamp(row[8].integer), updatedAt: timestamp(row[9].integer))
    }

    private static func shipment(tenant: String, number: String, in database: SQLiteConnection) throws
        -> PortalShipment?
    {
        let key: [SQLiteValue] = [.text(tenant), .text(number)]
        guard
            let row = try database.rows(
                """
                SELECT shipment_number, status, ship_date, shipped_at, carrier, service, pro_number, bill_of_lading,
                       tracking_numbers, tendered, estimated_delivery
                FROM o2c_shipments WHERE tenant = ?1 AND shipment_number = ?2
                """, key
            ).first
        else { return nil }
        let orders = try database.rows(
            "SELECT order_number FROM o2c_shipment_orders WHERE tenant = ?1 AND shipment_number = ?2 ORDER BY 1", key
        ).compactMap { $0[0].text }
        let milestones = try database.rows(
            """
            SELECT status_code, status_description, reason_code, event_time, location, signed_by FROM o2c_milestones
            WHERE tenant = ?1 AND shipment_number = ?2 ORDER BY event_time_ms, store_seq
            """, key
        ).map { milestone in
            PortalMilestone(
                statusCode: milestone[0].text ?? "", statusDescription: milestone[1].text, reasonCode: milestone[2].text,
                eventTime: milestone[3].text ?? "", location: milestone[4].text, signedBy: milestone[5].text)
        }
        let tracking = (try? JSONValue.parse(row[8].text ?? "[]"))?.arrayValue?.compactMap(\.stringValue) ?? []
        return PortalShipment(
            shipmentNumber: row[0].text ?? "", status: row[1].text ?? "shipped", orderNumbers: orders,
            shipDate: row[2].text, shippedAt: row[3].text, carrier: row[4].text, service: row[5].text,
            proNumber: row[6].text, billOfLading: row[7].text, trackingNumbers: tracking,
            tendered: (row[9].integer ?? 0) != 0, estimatedDelivery: row[10].text, milestones: milestones)
    }

    /// Milliseconds since 1970 as RFC 3339 UTC.
    static func timestamp(_ milliseconds: Int64?) -> String {
        ZonedDateTime(date: Date(timeIntervalSince1970: Double(milliseconds ?? 0) / 1000)).text
    }
}
