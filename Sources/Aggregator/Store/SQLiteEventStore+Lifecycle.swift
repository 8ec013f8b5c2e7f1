import Foundation
import Shared
import WireProtocol

/// The order-to-cash projection on SQLite: schema version 3 and the step that applies events from a checkpoint.
extension SQLiteEventStore: OrderLifecycleStore {
    /// Schema version 3: order-to-cash state, rebuilt from `events` by the projection.
    ///
    /// - `o2c_checkpoint`: the last `events.store_seq` applied.
    /// - `o2c_orders`, `o2c_order_lines`: per (tenant, order number) its state, customer and lines.
    /// - `o2c_shipments`, `o2c_shipment_orders`, `o2c_shipment_lines`: per (tenant, shipment number) what shipped,
    ///   for which orders; `awaiting_milestone_since_ms` is set until a milestone arrives or the overdue exception
    ///   was raised.
    /// - `o2c_milestones`: tracking milestones by the store order of their event.
    /// - `o2c_invoices`: invoices by (tenant, invoice number).
    static let orderToCashMigration = SQLiteMigration(
        version: 3, name: "order-to-cash state",
        sql: """
            CREATE TABLE o2c_checkpoint (
                name TEXT PRIMARY KEY,
                store_seq INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE o2c_orders (
                tenant TEXT NOT NULL,
                order_number TEXT NOT NULL,
                state TEXT NOT NULL,
                released INTEGER NOT NULL DEFAULT 0,
                customer TEXT,
                customer_name TEXT,
                purchase_order_number TEXT,
                facility TEXT,
                order_date TEXT,
                requested_ship_date TEXT,
                created_at_ms INTEGER NOT NULL,
                updated_at_ms INTEGER NOT NULL,
                PRIMARY KEY (tenant, order_number)
            ) WITHOUT ROWID;
            CREATE INDEX o2c_orders_recent ON o2c_orders (tenant, updated_at_ms);
            CREATE INDEX o2c_orders_customer ON o2c_orders (tenant, customer, updated_at_ms);
            CREATE TABLE o2c_order_lines (
                tenant TEXT NOT NULL,
                order_number TEXT NOT NULL,
                line_number TEXT NOT NULL,
                sku TEXT,
                description TEXT,
                ordered TEXT,
                unit TEXT,
                PRIMARY KEY (tenant, order_number, line_number)
            ) WITHOUT ROWID;
            CREATE TABLE o2c_shipments (
                tenant TEXT NOT NULL,
                shipment_number TEXT NOT NULL,
                status TEXT NOT NULL,
                confirmed INTEGER NOT NULL DEFAULT 0,
                tendered INTEGER NOT NULL DEFAULT 0,
                ship_date TEXT,
                shipped_at TEXT,
                carrier TEXT,
                service TEXT,
                pro_number TEXT,
                bill_of_lading TEXT,
                tracking_numbers TEXT NOT NULL DEFAULT '[]',
                estimated_delivery TEXT,
                awaiting_milestone_since_ms INTEGER,
                site TEXT,
                PRIMARY KEY (tenant, shipment_number)
            ) WITHOUT ROWID;
            CREATE INDEX o2c_shipments_awaiting ON o2c_shipments (awaiting_milestone_since_ms)
                WHERE awaiting_milestone_since_ms IS NOT NULL;
            CREATE TABLE o2c_shipment_orders (
                tenant TEXT NOT NULL,
                order_number TEXT NOT NULL,
                shipment_number TEXT NOT NULL,
                PRIMARY KEY (tenant, order_number, shipment_number)
            ) WITHOUT ROWID;
            CREATE INDEX o2c_shipment_orders_shipment ON o2c_shipment_orders (tenant, shipment_number);
            CREATE TABLE o2c_shipment_lines (
                tenant TEXT NOT NULL,
                shipment_number TEXT NOT NULL,
                line_number TEXT NOT NULL,
                order_number TEXT,
                order_line_number TEXT,
                sku TEXT,
                shipped TEXT NOT NULL,
                backordered TEXT,
                unit TEXT,
                PRIMARY KEY (tenant, shipment_number, line_number)
            ) WITHOUT ROWID;
            CREATE INDEX o2c_shipment_lines_order ON o2c_shipment_lines (tenant, order_number);
            CREATE TABLE o2c_milestones (
                store_seq INTEGER PRIMARY KEY,
                tenant TEXT NOT NULL,
                shipment_number TEXT NOT NULL,
                status_code TEXT NOT NULL,
                status_description TEXT,
                reason_code TEXT,
                event_time TEXT NOT NULL,
                event_time_ms INTEGER NOT NULL,
                location TEXT,
                signed_by TEXT
            );
            CREATE INDEX o2c_milestones_shipment ON o2c_milestones (tenant, shipment_number, event_time_ms);
            CREATE TABLE o2c_invoices (
                tenant TEXT NOT NULL,
                invoice_number TEXT NOT NULL,
                order_number TEXT,
                shipment_number TEXT,
                invoice_date TEXT NOT NULL,
                due_date TEXT,
                currency TEXT NOT NULL,
                total TEXT NOT NULL,
                PRIMARY KEY (tenant, invoice_number)
            ) WITHOUT ROWID;
            CREATE INDEX o2c_invoices_order ON o2c_invoices (tenant, order_number);
            """)

    /// The event types the projection reads.
    static let orderToCashTypes: [EventType] = [
        .orderCreated, .orderReleased, .shipmentConfirmed, .shipmentTendered, .shipmentMilestone, .invoiceIssued,
    ]

    public func advanceOrderToCash(settings: OrderToCashSettings) async throws -> OrderToCashProgress {
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        return try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> OrderToCashProgress in
                let checkpoint = try Self.orderToCashCheckpoint(in: database)
                let types = Self.orderToCashTypes.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                let rows = try database.cachedStatement(
                    """
                    SELECT store_seq, raw FROM events WHERE store_seq > ?1 AND type IN (\(types))
                    ORDER BY store_seq LIMIT ?2
                    """
                ).rows([.integer(checkpoint), .integer(Int64(settings.batchSize))])
                var writer = OrderToCashWriter(database: database, settings: settings, nowMilliseconds: nowMilliseconds)
                for row in rows {
                    guard let storeSequence = row[0].integer, let raw = row[1].blob,
                        let event = try? CloudEvent(jsonBytes: raw)
                    else { continue }
                    try writer.apply(event, storeSequence: storeSequence, raw: raw)
                }
                let latest = try database.scalar("SELECT coalesce(max(store_seq), 0) FROM events")?.integer ?? 0
                let next = rows.count < settings.batchSize ? latest : (rows.last?[0].integer ?? checkpoint)
                try database.run(
                    """
                    INSERT INTO o2c_checkpoint (name, store_seq) VALUES ('order-to-cash', ?1)
                    ON CONFLICT (name) DO UPDATE SET store_seq = excluded.store_seq
                    """, [.integer(next)])
                return OrderToCashProgress(checkpoint: next, latest: latest, applied: rows.count)
            }
        }
    }

    public func raiseOverdueMilestones(nowMilliseconds: Int64, settings: OrderToCashSettings) async throws -> Int {
        try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> Int in
                var writer = OrderToCashWriter(database: database, settings: settings, nowMilliseconds: nowMilliseconds)
                return try writer.raiseOverdueMilestones()
            }
        }
    }

    public func orderToCashPosition() async throws -> OrderToCashProgress {
        try await withDatabase { database in
            let checkpoint = try Self.orderToCashCheckpoint(in: database)
            let latest = try database.scalar("SELECT coalesce(max(store_seq), 0) FROM events")?.integer ?? 0
            return OrderToCashProgress(checkpoint: checkpoint, latest: latest, applied: 0)
        }
    }

    private static func orderToCashCheckpoint(in database: SQLiteConnection) throws(SQLiteError) -> Int64 {
        try database.scalar("SELECT store_seq FROM o2c_checkpoint WHERE name = 'order-to-cash'")?.integer ?? 0
    }
}
