import Aggregator
import CrossdockTesting
import Foundation
import Shared
import WireProtocol

/// Two tenants' data for the admin API tests: orders, exceptions, and jobs (one dead letter per tenant).
enum AdminFixture {
    static let acmeAdmin = TestKeys.key("acme-admin", tenant: "acme", role: .admin)
    static let acmeOperator = TestKeys.key("acme-operator", tenant: "acme", role: .operator)
    static let acmeViewer = TestKeys.key("acme-viewer", tenant: "acme", role: .viewer)
    static let acmeCustomer = TestKeys.key("acme-c1", tenant: "acme", role: .customer, customer: "C-1")
    static let acmeIngest = TestKeys.key("acme-ingest", tenant: "acme", role: .ingest, origin: .erp)
    static let globexOperator = TestKeys.key("globex-operator", tenant: "globex", role: .operator)
    static let partner = TestKeys.key("partner-admin", tenant: nil, role: .admin)
    static let keys = [
        acmeAdmin.key, acmeOperator.key, acmeViewer.key, acmeCustomer.key, acmeIngest.key, globexOperator.key,
        partner.key,
    ]

    /// Plans one `erp` job per order event, keyed by the order number.
    struct OrderJobs: OrchestrationPlanner {
        func jobs(for event: CloudEvent) -> [PlannedJob] {
            guard event.type == .orderCreated || event.type == .orderReleased else { return [] }
            return [
                PlannedJob(
                    destination: "erp", action: "order.import", businessKey: event.subject,
                    idempotencyKey: "erp:\(event.source):\(event.id)", payload: [])
            ]
        }
    }

    /// A running API over a store seeded with both tenants; every job of `SO-2` (acme) and `G-SO-7` (globex) is
    /// a dead letter.
    static func start(_ directory: String, replay: Bool = true) async throws -> RunningAPI {
        let path = directory + "/events.sqlite"
        let api = try await RunningAPI(storePath: path, keys: keys, planner: OrderJobs()) { dependencies in
            if replay {
                dependencies.replay = { job in try AdminFixture.replayForTest(path: path, job: job) }
            }
            dependencies.circuitState = { $0 == "erp" ? "closed" : nil }
        }
        var acme = OrderEvents(tenant: "acme")
        try await api.store.store([
            acme.order("SO-1", customer: "C-1", lines: [("1", "SKU-1", 10)], released: true),
            acme.shipment("SH-1", order: "SO-1", lines: [("1", "SKU-1", 10, nil)]),
            acme.order("SO-2", customer: "C-2", lines: [("1", "SKU-2", 1)]),
        ])
        var globex = OrderEvents(tenant: "globex", site: "plant", agent: "agent-g")
        try await api.store.store([
            globex.order("G-SO-7", customer: "G-1", lines: [("1", "GX-1", 3)], released: true)
        ])
        for (tenant, site, agent) in [("acme", "dc1", "agent-a"), ("globex", "plant", "agent-g")] {
            let identity = try AgentIdentity(tenant: tenant, site: site, agent: agent)
            _ = try await api.store.ingest([
                IngestBatch(
                    topic: identity.topic(.events).name, identity: identity, receivedAtMilliseconds: 1,
                    events: [],
                    exceptions: [
                        IngestException(
                            reason: .invalidEvent,
                            problems: [ValidationProblem(path: JSONPath.root.appending("type"), message: "\(tenant) problem")],
                            sequence: 99, source: "/\(tenant)/x", eventID: "bad-\(tenant)", type: "order.created",
                            raw: Array("{}".utf8), rawSize: 2, dedupKey: "test \(tenant)")
                    ])
            ])
        }
        try await api.projection.catchUp()
        let database = try SQLiteConnection(path: path)
        try database.run(
            "UPDATE jobs SET state = 'dead', attempts = 3, last_error = 'HTTP 422' WHERE business_key IN ('SO-2', 'G-SO-7')")
        return api
    }

    /// Stands in for the job runner's replay: a dead job of that number becomes pending.
    static func replayForTest(path: String, job: Int64) throws -> [Int64] {
        let database = try SQLiteConnection(path: path)
        try database.run("UPDATE jobs SET state = 'pending', attempts = 0 WHERE job_seq = ?1 AND state = 'dead'", [.integer(job)])
        return database.changes > 0 ? [job] : []
    }

    /// The `id`s of a list member's objects.
    static func numbers(_ json: JSONValue, _ list: String, _ field: String) -> [Int64] {
        json[list]?.arrayValue?.compactMap { $0[field]?.numberValue?.int64Value } ?? []
    }

    /// The `field` strings of a list member's objects.
    static func strings(_ json: JSONValue, _ list: String, _ field: String) -> [String] {
        json[list]?.arrayValue?.compactMap { $0[field]?.stringValue } ?? []
    }
}
