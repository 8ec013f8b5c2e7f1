import Aggregator
import CrossdockTesting
import Foundation
import Shared
import WireProtocol

/// What the Tryton tests share: settings for a test server, a store, and `shipment.confirmed` jobs.
enum TrytonTestSupport {
    static let tenant = "acme"
    static let site = "dal1"

    static func settings(_ server: TestTrytonServer) -> TrytonSettings {
        TrytonSettings(
            url: server.url, database: server.database, user: server.user,
            password: Secret(server.password, origin: "test"), tenant: tenant, warehouses: ["WH": site],
            pollInterval: .milliseconds(200), timeout: .seconds(60))
    }

    static func client(_ server: TestTrytonServer) -> TrytonClient {
        let settings = settings(server)
        return TrytonClient(
            url: settings.url, database: settings.database, user: settings.user, password: settings.password,
            timeout: settings.timeout)
    }

    /// Runs `body` with a real Tryton server and an empty store in a temporary directory.
    static func withTryton<Result>(
        _ body: (TestTrytonServer, SQLiteEventStore) async throws -> Result
    ) async throws -> Result {
        let tryton = try await TestTryton.shared()
        return try await tryton.withServer { server in
            try await withTemporaryDirectory { directory in
                let store = try SQLiteEventStore(path: directory + "/events.sqlite", durability: .normal)
                do {
                    let result = try await body(server, store)
                    await store.close()
                    return result
                } catch {
                    await store.close()
                    throw error
                }
            }
        }
    }

    /// A `shipment.confirmed` from the WMS for `order`, shipping `lines` (SKU, quantity).
    static func confirmation(
        order: String, shipment: String, lines: [(String, Int64)], sequence: UInt64 = 1
    ) throws -> CloudEvent {
        let payload = Shipment(
            shipmentNumber: shipment, orderNumbers: [order], shipDate: LocalDate(year: 2026, month: 3, day: 2)!,
            facility: "WH",
            lines: lines.enumerated().map { index, line in
                ShipmentLine(
                    lineNumber: String(index + 1), orderNumber: order, item: ItemReference(sku: line.0),
                    shippedQuantity: Quantity(value: DecimalNumber(line.1), unit: .each))
            })
        return try CloudEvent(
            id: "945:\(shipment)", source: "/acme/dal1/wms/edi", type: .shipmentConfirmed, subject: shipment,
            time: .now(), identity: AgentIdentity(tenant: tenant, site: site, agent: "wms"), sequence: sequence,
            payload: payload)
    }

    /// Stores `event` and returns the job the route `shipment.confirmed → erp shipment.confirm` would run.
    static func job(for event: CloudEvent, in store: SQLiteEventStore, attempt: Int = 1) async throws -> JobRequest {
        _ = try await store.appendCentral([event])
        guard let stored = try await store.event(source: event.source, id: event.id) else {
            throw StoreMissing()
        }
        return JobRequest(
            jobSequence: 1, destination: "erp", action: "shipment.confirm", businessKey: event.subject,
            idempotencyKey: "erp:shipment.confirm:\(event.idempotencyKey)", payload: stored.raw, attempt: attempt,
            event: stored)
    }

    struct StoreMissing: Error {}

    /// The customer shipments of the sale numbered `number`: (id, state, reference, inventory move quantities).
    static func shipments(of number: String, client: TrytonClient) async throws
        -> [(id: Int, state: String, reference: String?, quantities: [String: String])]
    {
        guard
            let sale = try await client.searchRead(
                "sale.sale", domain: [["number", "=", .string(number)]], fields: ["shipments"]
            ).first
        else { return [] }
        let ids = TrytonValue.ids(sale["shipments"])
        let shipments = try await client.searchRead(
            "stock.shipment.out", domain: [["id", "in", .array(ids.map { .number(DecimalNumber($0)) })]],
            fields: ["state", "reference", "inventory_moves"])
        var result: [(id: Int, state: String, reference: String?, quantities: [String: String])] = []
        for shipment in shipments {
            let moves = try await client.searchRead(
                "stock.move",
                domain: [["id", "in", .array(TrytonValue.ids(shipment["inventory_moves"]).map { .number(DecimalNumber($0)) })]],
                fields: ["product.code", "quantity"])
            var quantities: [String: String] = [:]
            for move in moves {
                let code = TrytonValue.related(move, "product.code")?.stringValue ?? "?"
                quantities[code] = TrytonValue.number(move["quantity"])?.text
            }
            result.append(
                (TrytonValue.id(shipment["id"]) ?? 0, shipment["state"]?.stringValue ?? "",
                 shipment["reference"]?.stringValue, quantities))
        }
        return result
    }
}
