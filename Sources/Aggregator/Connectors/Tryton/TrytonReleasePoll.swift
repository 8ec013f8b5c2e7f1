import Logging
import WireProtocol

/// Reads confirmed sales waiting to ship and turns each waiting customer shipment into an `order.released` event.
///
/// A sale qualifies when Tryton has it in `processing` with `shipment_state` `waiting`; each of its customer
/// shipments in `waiting` or `assigned` is one release. The event id is built from the sale id and the shipment id,
/// so polling again yields duplicates the store ignores, while a backorder (a new shipment of the same sale) is a
/// new release with what is left to ship. The site is the shipment's warehouse mapped through
/// ``TrytonSettings/warehouses``; shipments from unmapped warehouses are skipped (and logged once).
struct TrytonReleasePoll: Sendable {
    /// Sales read per JSON-RPC page.
    static let pageSize = 100
    /// Pages read per poll at most (every loop is bounded): 10,000 open sales.
    static let maxPages = 100

    let client: TrytonClient
    let settings: TrytonSettings
    let events: TrytonEventFactory
    let logger: Logger

    /// The release events for every sale waiting to ship, in sale order.
    func releases() async throws(TrytonError) -> [CloudEvent] {
        let mapping = TrytonOrderMapping(units: settings.units)
        let domain: JSONValue = [["state", "=", "processing"], ["shipment_state", "=", "waiting"]]
        var result: [CloudEvent] = []
        for page in 0..<Self.maxPages {
            let sales = try await client.searchRead(
                "sale.sale", domain: domain, fields: TrytonOrderMapping.saleFields, offset: page * Self.pageSize,
                limit: Self.pageSize)
            result += try await releases(of: sales, mapping: mapping)
            if sales.count < Self.pageSize { break }
        }
        return result
    }

    private func releases(of sales: [JSONObject], mapping: TrytonOrderMapping) async throws(TrytonError)
        -> [CloudEvent]
    {
        let shipmentIDs = sales.flatMap { TrytonValue.ids($0["shipments"]) }
        guard !shipmentIDs.isEmpty else { return [] }
        let shipments = try await client.searchRead(
            "stock.shipment.out",
            domain: [["id", "in", .array(shipmentIDs.map { .number(DecimalNumber($0)) })],
                     ["state", "in", ["waiting", "assigned"]]],
            fields: TrytonOrderMapping.shipmentFields)
        let moveIDs = shipments.flatMap { TrytonValue.ids($0["outgoing_moves"]) }
        var moves: [JSONObject] = []
        if !moveIDs.isEmpty {
            moves = try await client.searchRead(
                "stock.move", domain: [["id", "in", .array(moveIDs.map { .number(DecimalNumber($0)) })]],
                fields: TrytonOrderMapping.moveFields)
        }
        var movesByID: [Int: JSONObject] = [:]
        for move in moves { if let id = TrytonValue.id(move["id"]) { movesByID[id] = move } }
        var shipmentsByID: [Int: JSONObject] = [:]
        for shipment in shipments { if let id = TrytonValue.id(shipment["id"]) { shipmentsByID[id] = shipment } }

        var result: [CloudEvent] = []
        for sale in sales {
            guard let saleID = TrytonValue.id(sale["id"]) else { continue }
            for shipmentID in TrytonValue.ids(sale["shipments"]).sorted() {
                guard let shipment = shipmentsByID[shipmentID] else { continue }
                let warehouse = TrytonValue.related(shipment, "warehouse.code")?.stringValue ?? ""
                guard let site = settings.warehouses[warehouse] else {
                    events.noteUnmappedWarehouse(warehouse, record: "stock.shipment.out,\(shipmentID)", logger: logger)
                    continue
                }
                let order = mapping.order(
                    sale: sale, shipment: shipment,
                    moves: TrytonValue.ids(shipment["outgoing_moves"]).compactMap { movesByID[$0] })
                guard !order.lines.isEmpty else { continue }
                do {
                    result.append(try events.released(order, saleID: saleID, shipmentID: shipmentID, site: site))
                } catch {
                    logger.warning(
                        "Tryton sale not released: its order is not valid",
                        metadata: ["sale": "\(order.orderNumber)", "error": "\(error)"])
                }
            }
        }
        return result
    }
}
