import Aggregator
import CrossdockTesting
import Foundation
import Testing
import WireProtocol

/// The portal API over the real HTTP server: what each key sees, and that no key sees another tenant's or
/// another customer's rows.
struct PortalTests {
    static let acmeViewer = TestKeys.key("acme-viewer", tenant: "acme", role: .viewer)
    static let acmeCustomer = TestKeys.key("acme-c1", tenant: "acme", role: .customer, customer: "C-1")
    static let globexOperator = TestKeys.key("globex-operator", tenant: "globex", role: .operator)
    static let partner = TestKeys.key("partner", tenant: nil, role: .admin)
    static let acmeIngest = TestKeys.key("acme-ingest", tenant: "acme", role: .ingest, origin: .erp)
    static let keys = [acmeViewer.key, acmeCustomer.key, globexOperator.key, partner.key, acmeIngest.key]

    /// Two tenants with an order of the same number, and a second acme customer.
    static func seed(_ api: RunningAPI) async throws {
        var acme = OrderEvents(tenant: "acme")
        try await api.store.store([
            acme.order("SO-1", customer: "C-1", lines: [("1", "SKU-1", 10)], released: true),
            acme.shipment("SH-1", order: "SO-1", lines: [("1", "SKU-1", 10, nil)]),
            acme.milestone("SH-1", code: "X6", at: "2026-03-03T08:00:00-06:00"),
            acme.milestone("SH-1", code: "D1", at: "2026-03-04T10:00:00-06:00"),
            acme.order("SO-2", customer: "C-2", lines: [("1", "SKU-2", 1)]),
            acme.order("SO-3", customer: "C-1", lines: [("1", "SKU-3", 1)]),
        ])
        var globex = OrderEvents(tenant: "globex", site: "plant", agent: "agent-g")
        try await api.store.store([
            globex.order("SO-1", customer: "G-1", lines: [("1", "GX-1", 3)]),
            globex.order("G-SO-7", customer: "G-1", lines: [("1", "GX-1", 3)], released: true),
            globex.shipment("G-SH-7", order: "G-SO-7", lines: [("1", "GX-1", 3, nil)]),
        ])
        try await api.projection.catchUp()
    }

    @Test func anOrderShowsItsLinesShipmentsMilestonesAndState() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            try await Self.seed(api)
            let order = try await api.get("/v1/portal/orders/SO-1", key: Self.acmeViewer.token)
            #expect(order.status == 200)
            #expect(order.json["state"] == "delivered")
            #expect(order.json["customer"] == "C-1")
            #expect(order.json["lines"]?[0]?["shipped"] == "10")
            let shipment = try #require(order.json["shipments"]?[0])
            #expect(shipment["shipmentNumber"] == "SH-1")
            #expect(shipment["status"] == "delivered")
            #expect(shipment["milestones"]?.arrayValue?.compactMap { $0["statusCode"]?.stringValue } == ["X6", "D1"])
            let tracking = try await api.get("/v1/portal/shipments/SH-1", key: Self.acmeViewer.token)
            #expect(tracking.status == 200)
            #expect(tracking.json["orderNumbers"] == ["SO-1"])
            #expect(tracking.json["milestones"]?[1]?["signedBy"] == "J. Doe")
            let list = try await api.get("/v1/portal/orders", key: Self.acmeViewer.token)
            #expect(list.status == 200)
            #expect(Set(list.json["orders"]?.arrayValue?.compactMap { $0["orderNumber"]?.stringValue } ?? []) == ["SO-1", "SO-2", "SO-3"])
            let delivered = try await api.get("/v1/portal/orders?state=delivered", key: Self.acmeViewer.token)
            #expect(delivered.json["orders"]?.arrayValue?.count == 1)
            await api.stop()
        }
    }

    @Test func noKeySeesAnotherTenantsRows() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            try await Self.seed(api)
            // The same order number in both tenants: each key sees its own.
            let acme = try await api.get("/v1/portal/orders/SO-1", key: Self.acmeViewer.token)
            let globex = try await api.get("/v1/portal/orders/SO-1", key: Self.globexOperator.token)
            #expect(acme.json["customer"] == "C-1")
            #expect(globex.json["customer"] == "G-1")
            // Another tenant's order and shipment do not exist for the key.
            for path in ["/v1/portal/orders/G-SO-7", "/v1/portal/shipments/G-SH-7"] {
                let response = try await api.get(path, key: Self.acmeViewer.token)
                #expect(response.status == 404, "\(path)")
                #expect(response.json["error"] == "not-found")
            }
            // Asking for another tenant by parameter is forbidden.
            let asked = try await api.get("/v1/portal/orders?tenant=globex", key: Self.acmeViewer.token)
            #expect(asked.status == 403)
            let askedOne = try await api.get("/v1/portal/orders/G-SO-7?tenant=globex", key: Self.acmeCustomer.token)
            #expect(askedOne.status == 403)
            // The list holds only the key's tenant.
            let list = try await api.get("/v1/portal/orders", key: Self.globexOperator.token)
            #expect(list.json["orders"]?.arrayValue?.compactMap { $0["orderNumber"]?.stringValue }.sorted() == ["G-SO-7", "SO-1"])
            // A partner-wide key names the tenant, and sees that tenant only.
            #expect(try await api.get("/v1/portal/orders", key: Self.partner.token).status == 400)
            let partner = try await api.get("/v1/portal/orders/G-SO-7?tenant=globex", key: Self.partner.token)
            #expect(partner.status == 200)
            #expect(try await api.get("/v1/portal/orders/G-SO-7?tenant=acme", key: Self.partner.token).status == 404)
            // Injection attempts in parameters are data, not SQL.
            let injected = try await api.get(
                "/v1/portal/orders/SO-1'%20OR%20'1'='1", key: Self.acmeViewer.token)
            #expect(injected.status == 404)
            let badState = try await api.get("/v1/portal/orders?state=x'%20OR%201=1--", key: Self.acmeViewer.token)
            #expect(badState.status == 400)
            await api.stop()
        }
    }

    @Test func aCustomerKeySeesOnlyItsOwnOrders() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            try await Self.seed(api)
            let list = try await api.get("/v1/portal/orders", key: Self.acmeCustomer.token)
            #expect(list.json["orders"]?.arrayValue?.compactMap { $0["orderNumber"]?.stringValue }.sorted() == ["SO-1", "SO-3"])
            #expect(try await api.get("/v1/portal/orders/SO-2", key: Self.acmeCustomer.token).status == 404)
            #expect(try await api.get("/v1/portal/orders/SO-1", key: Self.acmeCustomer.token).status == 200)
            #expect(try await api.get("/v1/portal/shipments/SH-1", key: Self.acmeCustomer.token).status == 200)
            // An ingest key reads nothing; no key gets a 401.
            #expect(try await api.get("/v1/portal/orders", key: Self.acmeIngest.token).status == 403)
            #expect(try await api.get("/v1/portal/orders", key: nil).status == 401)
            await api.stop()
        }
    }
}
