import Foundation
import Shared
import WireProtocol

/// Applies events to the order-to-cash tables inside the projection's transaction, and raises the exceptions the
/// rules call for (`quantity-mismatch`, `invoice-before-shipment`, `unknown-shipment`, `milestone-overdue`).
///
/// Every change is keyed by the event's tenant: rows of one tenant never touch another's.
struct OrderToCashWriter {
    let database: SQLiteConnection
    let settings: OrderToCashSettings
    let nowMilliseconds: Int64

    /// Applies one stored event.
    mutating func apply(_ event: CloudEvent, storeSequence: Int64, raw: [UInt8]) throws(SQLiteError) {
        let context = EventContext(event: event, storeSequence: storeSequence, raw: raw)
        switch event.type {
        case .orderCreated, .orderReleased:
            guard let order = try? event.payload(as: Order.self) else { return }
            try applyOrder(order, released: event.type == .orderReleased, context)
        case .shipmentConfirmed:
            guard let shipment = try? event.payload(as: Shipment.self) else { return }
            try applyShipment(shipment, context)
        case .shipmentTendered:
            guard let shipment = try? event.payload(as: Shipment.self) else { return }
            try applyTender(shipment, context)
        case .shipmentMilestone:
            guard let milestone = try? event.payload(as: TrackingMilestone.self) else { return }
            try applyMilestone(milestone, context)
        case .invoiceIssued:
            guard let invoice = try? event.payload(as: Invoice.self) else { return }
            try applyInvoice(invoice, context)
        default:
            return
        }
    }

    /// The event being applied, for keys and exceptions.
    struct EventContext {
        var event: CloudEvent
        var storeSequence: Int64
        var raw: [UInt8]
        var tenant: String { event.identity.tenant }
        var timeMilliseconds: Int64 { Self.milliseconds(event.time) }

        static func milliseconds(_ time: ZonedDateTime) -> Int64 {
            Int64((time.date.timeIntervalSince1970 * 1000).rounded())
        }
    }

    // MARK: Orders

    private func applyOrder(_ order: Order, released: Bool, _ context: EventContext) throws(SQLiteError) {
        let customerParty =
            order.parties.first { $0.role == .soldTo } ?? order.parties.first { $0.role == .billTo }
        try database.run(
            """
            INSERT INTO o2c_orders (tenant, order_number, state, released, customer, customer_name,
                                    purchase_order_number, facility, order_date, requested_ship_date,
                                    created_at_ms, updated_at_ms)
            VALUES (?1, ?2, 'created', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)
            ON CONFLICT (tenant, order_number) DO UPDATE SET
                released = max(released, excluded.released),
                customer = coalesce(excluded.customer, customer),
                customer_name = coalesce(excluded.customer_name, customer_name),
                purchase_order_number = coalesce(excluded.purchase_order_number, purchase_order_number),
                facility = coalesce(excluded.facility, facility),
                order_date = coalesce(excluded.order_date, order_date),
                requested_ship_date = coalesce(excluded.requested_ship_date, requested_ship_date)
            """,
            [
                .text(context.tenant), .text(order.orderNumber), .integer(released ? 1 : 0),
                Self.text(customerParty?.identifiers?.first?.value), Self.text(customerParty?.name),
                Self.text(order.purchaseOrderNumber), Self.text(order.facility),
                Self.text(order.orderDate?.description), Self.text(order.requestedShipDate?.description),
                .integer(nowMilliseconds),
            ])
        // An order (created or changed) states its lines; a release only fills them in when the order was not
        // seen: a later release of the same order (the backorder of a partial shipment) carries what is left to
        // ship, not what was ordered.
        if !order.lines.isEmpty {
            if !released {
                try database.run(
                    "DELETE FROM o2c_order_lines WHERE tenant = ?1 AND order_number = ?2",
                    [.text(context.tenant), .text(order.orderNumber)])
            }
            for line in order.lines {
                try database.run(
                    """
                    INSERT OR \(released ? "IGNORE" : "REPLACE") INTO o2c_order_lines (tenant, order_number, line_number, sku, description,
                                                           ordered, unit)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                    """,
                    [
                        .text(context.tenant), .text(order.orderNumber), .text(line.lineNumber),
                        Self.text(line.item.sku), Self.text(line.description), .text(line.quantity.value.text),
                        .text(line.quantity.unit.rawValue),
                    ])
            }
        }
        try refreshState(tenant: context.tenant, order: order.orderNumber)
    }

    /// Creates an order row the projection has not seen created (a shipment or invoice for it came first).
    private func ensureOrder(tenant: String, order: String) throws(SQLiteError) {
        try database.run(
            """
            INSERT INTO o2c_orders (tenant, order_number, state, created_at_ms, updated_at_ms)
            VALUES (?1, ?2, 'created', ?3, ?3) ON CONFLICT (tenant, order_number) DO NOTHING
            """, [.text(tenant), .text(order), .integer(nowMilliseconds)])
    }

    /// Derives the order's state again from its rows.
    func refreshState(tenant: String, order: String) throws(SQLiteError) {
        let key: [SQLiteValue] = [.text(tenant), .text(order)]
        guard
            let released = try database.scalar(
                "SELECT released FROM o2c_orders WHERE tenant = ?1 AND order_number = ?2", key)?.integer
        else { return }
        let shippedByLine = try shippedQuantities(tenant: tenant, order: order)
        let lines = try database.rows(
            "SELECT line_number, ordered FROM o2c_order_lines WHERE tenant = ?1 AND order_number = ?2", key
        ).map { row -> Bool in
            guard let ordered = Self.decimal(row[1].text) else { return true }
            return (shippedByLine[row[0].text ?? ""] ?? 0) >= ordered
        }
        let shipments = try database.rows(
            """
            SELECT s.status FROM o2c_shipment_orders o
            JOIN o2c_shipments s ON s.tenant = o.tenant AND s.shipment_number = o.shipment_number
            WHERE o.tenant = ?1 AND o.order_number = ?2 AND (s.confirmed = 1 OR s.status IN ('in-transit', 'delivered'))
            """, key
        ).map { row -> OrderState.ShipmentProgress in
            switch row[0].text {
            case "delivered": .delivered
            case "in-transit": .inTransit
            default: .shipped
            }
        }
        let invoiced =
            try database.scalar(
                "SELECT count(*) FROM o2c_invoices WHERE tenant = ?1 AND order_number = ?2", key)?.integer ?? 0 > 0
        let state = OrderState.derive(released: released != 0, lines: lines, shipments: shipments, invoiced: invoiced)
        try database.run(
            "UPDATE o2c_orders SET state = ?3, updated_at_ms = ?4 WHERE tenant = ?1 AND order_number = ?2",
            key + [.text(state.rawValue), .integer(nowMilliseconds)])
    }

    /// Per order line number, the quantity shipped over every shipment.
    private func shippedQuantities(tenant: String, order: String) throws(SQLiteError) -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for row in try database.rows(
            """
            SELECT order_line_number, shipped FROM o2c_shipment_lines
            WHERE tenant = ?1 AND order_number = ?2 AND order_line_number IS NOT NULL
            """, [.text(tenant), .text(order)])
        {
            guard let line = row[0].text, let shipped = Self.decimal(row[1].text) else { continue }
            result[line, default: 0] += shipped
        }
        return result
    }

    // MARK: Shipments

    private func applyShipment(_ shipment: Shipment, _ context: EventContext) throws(SQLiteError) {
        let tenant = context.tenant
        let number = shipment.shipmentNumber
        let shippedAt = shipment.shippedAt.map(EventContext.milliseconds) ?? context.timeMilliseconds
        let milestones =
            try database.scalar(
                "SELECT count(*) FROM o2c_milestones WHERE tenant = ?1 AND shipment_number = ?2",
                [.text(tenant), .text(number)])?.integer ?? 0
        try upsertShipment(shipment, context, confirmed: true)
        try database.run(
            """
            UPDATE o2c_shipments SET awaiting_milestone_since_ms = ?3,
                status = CASE WHEN status IN ('in-transit', 'delivered') THEN status ELSE 'shipped' END
            WHERE tenant = ?1 AND shipment_number = ?2
            """, [.text(tenant), .text(number), milestones > 0 ? .null : .integer(shippedAt)])
        try database.run(
            "DELETE FROM o2c_shipment_lines WHERE tenant = ?1 AND shipment_number = ?2", [.text(tenant), .text(number)])
        var orders = linkedOrders(shipment)
        for (index, line) in shipment.lines.enumerated() {
            let order = line.orderNumber ?? (shipment.orderNumbers.count == 1 ? shipment.orderNumbers[0] : nil)
            if let order, !orders.contains(order) { orders.append(order) }
            let orderLine = try order.flatMap { order throws(SQLiteError) in
                try self.orderLine(tenant: tenant, order: order, line: line.orderLineNumber, sku: line.item.sku)
            }
            try database.run(
                """
                INSERT OR REPLACE INTO o2c_shipment_lines (tenant, shipment_number, line_number, order_number,
                                                          order_line_number, sku, shipped, backordered, unit)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """,
                [
                    .text(tenant), .text(number), .text(line.lineNumber), Self.text(order),
                    Self.text(orderLine?.number ?? line.orderLineNumber), Self.text(line.item.sku),
                    .text(line.shippedQuantity.value.text), Self.text(line.backorderedQuantity?.value.text),
                    .text(line.shippedQuantity.unit.rawValue),
                ])
            try checkQuantity(line, index: index, order: order, orderLine: orderLine, shipment: number, context)
        }
        for order in orders {
            try ensureOrder(tenant: tenant, order: order)
            try database.run(
                "INSERT OR IGNORE INTO o2c_shipment_orders (tenant, order_number, shipment_number) VALUES (?1, ?2, ?3)",
                [.text(tenant), .text(order), .text(number)])
            try refreshState(tenant: tenant, order: order)
        }
    }

    private func applyTender(_ shipment: Shipment, _ context: EventContext) throws(SQLiteError) {
        try upsertShipment(shipment, context, confirmed: false)
        try database.run(
            "UPDATE o2c_shipments SET tendered = 1 WHERE tenant = ?1 AND shipment_number = ?2",
            [.text(context.tenant), .text(shipment.shipmentNumber)])
        for order in linkedOrders(shipment) {
            try ensureOrder(tenant: context.tenant, order: order)
            try database.run(
                "INSERT OR IGNORE INTO o2c_shipment_orders (tenant, order_number, shipment_number) VALUES (?1, ?2, ?3)",
                [.text(context.tenant), .text(order), .text(shipment.shipmentNumber)])
            try refreshState(tenant: context.tenant, order: order)
        }
    }

    private func linkedOrders(_ shipment: Shipment) -> [String] {
        var orders: [String] = []
        for order in shipment.orderNumbers + shipment.lines.compactMap(\.orderNumber) where !orders.contains(order) {
            orders.append(order)
        }
        return orders
    }

    private func upsertShipment(_ shipment: Shipment, _ context: EventContext, confirmed: Bool) throws(SQLiteError) {
        let tracking = shipment.packages.compactMap(\.trackingNumber)
        try database.run(
            """
            INSERT INTO o2c_shipments (tenant, shipment_number, status, confirmed, ship_date, shipped_at, carrier,
                                       service, pro_number, bill_of_lading, tracking_numbers, estimated_delivery, site)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            ON CONFLICT (tenant, shipment_number) DO UPDATE SET
                confirmed = max(confirmed, excluded.confirmed),
                ship_date = CASE WHEN excluded.confirmed = 1 OR ship_date IS NULL THEN excluded.ship_date
                                 ELSE ship_date END,
                shipped_at = coalesce(excluded.shipped_at, shipped_at),
                carrier = coalesce(excluded.carrier, carrier),
                service = coalesce(excluded.service, service),
                pro_number = coalesce(excluded.pro_number, pro_number),
                bill_of_lading = coalesce(excluded.bill_of_lading, bill_of_lading),
                tracking_numbers = CASE WHEN excluded.tracking_numbers = '[]' THEN tracking_numbers
                                        ELSE excluded.tracking_numbers END,
                estimated_delivery = coalesce(estimated_delivery, excluded.estimated_delivery),
                site = coalesce(site, excluded.site)
            """,
            [
                .text(context.tenant), .text(shipment.shipmentNumber), .text(confirmed ? "shipped" : "tendered"),
                .integer(confirmed ? 1 : 0), .text(shipment.shipDate.description),
                Self.text(shipment.shippedAt?.text), Self.text(shipment.carrier?.scac ?? shipment.carrier?.name),
                Self.text(shipment.carrier?.serviceLevel), Self.text(shipment.proNumber),
                Self.text(shipment.billOfLading), .text(JSONValue.array(tracking.map(JSONValue.string)).encodedString()),
                Self.text(shipment.estimatedDeliveryDate?.description), .text(context.event.identity.site),
            ])
    }

    /// An order line, by number or else by SKU: its number, ordered quantity and unit.
    private func orderLine(tenant: String, order: String, line: String?, sku: String?) throws(SQLiteError)
        -> (number: String, ordered: Decimal?, unit: String?)?
    {
        let row: SQLiteRow?
        if let line {
            row = try database.rows(
                """
                SELECT line_number, ordered, unit FROM o2c_order_lines
                WHERE tenant = ?1 AND order_number = ?2 AND line_number = ?3
                """, [.text(tenant), .text(order), .text(line)]
            ).first
        } else if let sku {
            row = try database.rows(
                """
                SELECT line_number, ordered, unit FROM o2c_order_lines
                WHERE tenant = ?1 AND order_number = ?2 AND sku = ?3 ORDER BY line_number LIMIT 1
                """, [.text(tenant), .text(order), .text(sku)]
            ).first
        } else {
            row = nil
        }
        guard let row, let number = row[0].text else { return nil }
        return (number, Self.decimal(row[1].text), row[2].text)
    }

    /// Raises `quantity-mismatch` when what shipped of a line, with what this shipment backorders, is not what was
    /// ordered.
    private func checkQuantity(
        _ line: ShipmentLine, index: Int, order: String?, orderLine: (number: String, ordered: Decimal?, unit: String?)?,
        shipment: String, _ context: EventContext
    ) throws(SQLiteError) {
        let unit = line.shippedQuantity.unit.rawValue
        let ordered: Decimal
        if let known = orderLine?.ordered, orderLine?.unit == nil || orderLine?.unit == unit {
            ordered = known
        } else if let stated = line.orderedQuantity, stated.unit.rawValue == unit {
            ordered = stated.value.decimalValue
        } else {
            return
        }
        var shipped = line.shippedQuantity.value.decimalValue
        if let order, let orderLineNumber = orderLine?.number {
            shipped = try shippedQuantities(tenant: context.tenant, order: order)[orderLineNumber] ?? shipped
        }
        let backordered = line.backorderedQuantity?.value.decimalValue ?? 0
        guard shipped + backordered != ordered else { return }
        let what = order.map { "order \($0) line \(orderLine?.number ?? line.orderLineNumber ?? "?")" } ?? "its order"
        let message: String
        if shipped + backordered < ordered {
            message = """
                shipment \(shipment) line \(line.lineNumber) (\(what)): \(shipped) \(unit) shipped in all and \
                \(backordered) backordered, of \(ordered) ordered; \(ordered - shipped - backordered) \(unit) are \
                neither shipped nor backordered. Create the backorder in the ERP or correct the shipment
                """
        } else {
            message = """
                shipment \(shipment) line \(line.lineNumber) (\(what)): \(shipped) \(unit) shipped in all and \
                \(backordered) backordered, more than the \(ordered) ordered. Check the pick or amend the order
                """
        }
        try raise(
            .quantityMismatch,
            path: JSONPath.root.appending("data").appending("lines").appending(index).appending("shippedQuantity"),
            message: message, context: context,
            dedupKey: "o2c quantity-mismatch \(context.tenant) \(shipment) \(line.lineNumber) \(context.event.idempotencyKey)")
    }

    // MARK: Invoices

    private func applyInvoice(_ invoice: Invoice, _ context: EventContext) throws(SQLiteError) {
        let tenant = context.tenant
        var orders: [String] = invoice.orderNumber.map { [$0] } ?? []
        if orders.isEmpty, let shipment = invoice.shipmentNumber {
            orders = try database.rows(
                "SELECT order_number FROM o2c_shipment_orders WHERE tenant = ?1 AND shipment_number = ?2",
                [.text(tenant), .text(shipment)]
            ).compactMap { $0[0].text }
        }
        try database.run(
            """
            INSERT OR REPLACE INTO o2c_invoices (tenant, invoice_number, order_number, shipment_number, invoice_date,
                                                due_date, currency, total)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """,
            [
                .text(tenant), .text(invoice.invoiceNumber), Self.text(orders.first), Self.text(invoice.shipmentNumber),
                .text(invoice.invoiceDate.description), Self.text(invoice.dueDate?.description),
                .text(invoice.currency.rawValue), .text(invoice.total.text),
            ])
        for order in orders {
            try ensureOrder(tenant: tenant, order: order)
            let shipped =
                try database.scalar(
                    """
                    SELECT count(*) FROM o2c_shipment_orders o
                    JOIN o2c_shipments s ON s.tenant = o.tenant AND s.shipment_number = o.shipment_number
                    WHERE o.tenant = ?1 AND o.order_number = ?2 AND s.confirmed = 1
                    """, [.text(tenant), .text(order)])?.integer ?? 0
            if shipped == 0 {
                try raise(
                    .invoiceBeforeShipment,
                    path: JSONPath.root.appending("data").appending("orderNumber"),
                    message: """
                        invoice \(invoice.invoiceNumber) was issued for order \(order) before any shipment of it was \
                        confirmed; check the ERP's billing policy or whether the shipment confirmation is missing
                        """,
                    context: context,
                    dedupKey: "o2c invoice-before-shipment \(tenant) \(invoice.invoiceNumber) \(order)")
            }
            try refreshState(tenant: tenant, order: order)
        }
    }

    // MARK: Exceptions

    func raise(
        _ reason: ExceptionReason, path: JSONPath, message: String, context: EventContext, dedupKey: String
    ) throws(SQLiteError) {
        let event = context.event
        try insertException(
            reason, tenant: event.identity.tenant, site: event.identity.site, agent: event.identity.agent,
            source: event.source, eventID: event.id, type: event.type.rawValue,
            problems: [ValidationProblem(path: path, message: message)], raw: context.raw, dedupKey: dedupKey)
    }

    func insertException(
        _ reason: ExceptionReason, tenant: String, site: String?, agent: String?, source: String?, eventID: String?,
        type: String?, problems: [ValidationProblem], raw: [UInt8], dedupKey: String
    ) throws(SQLiteError) {
        let exception = IngestException(
            reason: reason, problems: problems, sequence: nil, source: source, eventID: eventID, type: type, raw: raw,
            rawSize: raw.count, dedupKey: dedupKey)
        _ = try database.rows(
            SQLiteEventStore.insertException,
            [
                .text(dedupKey), .text(reason.rawValue), .text(exception.problemsJSON), .text("order-to-cash"),
                .text(tenant), Self.text(site), Self.text(agent), .null, Self.text(source), Self.text(eventID),
                Self.text(type), .blob(raw), .integer(Int64(raw.count)), .integer(nowMilliseconds),
            ])
    }

    // MARK: Values

    static func text(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }

    static func decimal(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) } }
}
