import Aggregator
import AsyncHTTPClient
import CrossdockTesting
import Foundation
import NIOCore
import Shared
import Testing
import WireProtocol

/// The aggregator's HTTP API in process: a real SQLite store, the order-to-cash projection and the Hummingbird
/// server on a free loopback port; requests go through AsyncHTTPClient.
final class RunningAPI: Sendable {
    let store: SQLiteEventStore
    let service: HTTPAPIService
    let projection: OrderToCashProjection
    let port: Int
    private let task: Task<Void, any Error>

    init(
        storePath: String, keys: [APIKey], rules: SystemOfRecordRules = SystemOfRecordRules(),
        orderToCash: OrderToCashSettings = OrderToCashSettings(), planner: any OrchestrationPlanner = NoOrchestration(),
        configure: (inout HTTPAPIService.Dependencies) -> Void = { _ in }
    ) async throws {
        store = try SQLiteEventStore(path: storePath, planner: planner)
        var dependencies = HTTPAPIService.Dependencies(store: store, systemOfRecord: rules)
        configure(&dependencies)
        service = HTTPAPIService(
            settings: HTTPSettings(host: "127.0.0.1", port: 0, maxBodyBytes: 1 << 20, keys: keys),
            dependencies: dependencies)
        projection = OrderToCashProjection(store: store, settings: orderToCash)
        let service = self.service
        task = Task { try await service.run() }
        port = try await withTimeout(.seconds(60)) { await service.waitUntilListening() }
    }

    /// Sends a request; returns the status and the body parsed as JSON (`null` when empty or not JSON).
    func send(
        _ method: String, _ path: String, key: String? = nil, body: [UInt8]? = nil,
        contentType: String = CloudEventBatch.contentType
    ) async throws -> (status: Int, json: JSONValue) {
        let response = try await raw(method, path, key: key, body: body, contentType: contentType)
        return (response.status, (try? JSONValue.parse(response.body)) ?? .null)
    }

    /// Sends a request; returns the status, the headers and the raw body.
    func raw(
        _ method: String, _ path: String, key: String? = nil, body: [UInt8]? = nil,
        contentType: String = CloudEventBatch.contentType, headers extra: [(String, String)] = []
    ) async throws -> (status: Int, headers: [(String, String)], body: [UInt8]) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await Self.client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, Array(bytes.readableBytesView))
    }

    /// A client that shows redirects (303 after a login or a form) instead of following them; lives as long as
    /// the test process.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// `GET path` with `key`.
    func get(_ path: String, key: String?) async throws -> (status: Int, json: JSONValue) {
        try await send("GET", path, key: key)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        await store.close()
    }
}

/// API keys for tests: the key text and its configured record.
enum TestKeys {
    static func key(
        _ name: String, tenant: String?, role: APIRole, origin: SystemOfRecordOrigin? = nil, customer: String? = nil
    ) -> (token: String, key: APIKey) {
        let token = "test-key-\(name)-0123456789abcdef"
        return (
            token,
            APIKey(
                name: name, scope: tenant.map(APIKey.Scope.tenant) ?? .partner, role: role, origin: origin,
                customer: customer, sha256: SHA256Digest.hash(token.utf8))
        )
    }
}

/// Events of one order's way through ERP, WMS, TMS and invoicing, for the projection and portal tests.
struct OrderEvents {
    let identity: AgentIdentity
    private var sequence: UInt64 = 0

    init(tenant: String, site: String = "dc1", agent: String = "agent-a") {
        identity = try! AgentIdentity(tenant: tenant, site: site, agent: agent)
    }

    private mutating func next() -> UInt64 {
        sequence += 1
        return sequence
    }

    private mutating func event<P: EventPayload>(_ type: EventType, subject: String, time: String, _ payload: P)
        -> CloudEvent
    {
        let sequence = next()
        return try! CloudEvent(
            id: "\(type.crossdockParts?.noun ?? "x")-\(subject)-\(sequence)",
            source: "/\(identity.tenant)/\(identity.site)/\(identity.agent)/test", type: type, subject: subject,
            time: ZonedDateTime(time)!, identity: identity, sequence: sequence, payload: payload)
    }

    mutating func order(
        _ number: String, customer: String, lines: [(String, String, Int64)], released: Bool = false
    ) -> CloudEvent {
        event(
            released ? .orderReleased : .orderCreated, subject: number, time: "2026-03-01T09:00:00Z",
            Order(
                orderNumber: number, purchaseOrderNumber: "PO-\(number)",
                parties: [
                    Party(role: .soldTo, name: "Customer \(customer)", identifiers: [PartyIdentifier(scheme: "erp", value: customer)]),
                    Party(role: .shipTo, name: "Customer \(customer) DC"),
                ],
                facility: identity.site,
                lines: lines.map { line, sku, quantity in
                    OrderLine(
                        lineNumber: line, item: ItemReference(sku: sku),
                        quantity: Quantity(value: DecimalNumber(quantity), unit: .each))
                }))
    }

    mutating func shipment(
        _ number: String, order: String, lines: [(line: String, sku: String, shipped: Int64, backordered: Int64?)],
        shippedAt: String = "2026-03-02T15:00:00Z", pro: String? = nil
    ) -> CloudEvent {
        event(
            .shipmentConfirmed, subject: number, time: shippedAt,
            Shipment(
                shipmentNumber: number, orderNumbers: [order], shipDate: LocalDate("2026-03-02")!,
                shippedAt: ZonedDateTime(shippedAt), facility: identity.site, carrier: CarrierService(scac: "ODFL"),
                proNumber: pro,
                lines: lines.enumerated().map { index, line in
                    ShipmentLine(
                        lineNumber: "\(index + 1)", orderNumber: order, orderLineNumber: line.line,
                        item: ItemReference(sku: line.sku),
                        shippedQuantity: Quantity(value: DecimalNumber(line.shipped), unit: .each),
                        backorderedQuantity: line.backordered.map { Quantity(value: DecimalNumber($0), unit: .each) })
                }))
    }

    mutating func milestone(_ shipment: String?, code: String, at time: String, pro: String? = nil) -> CloudEvent {
        event(
            .shipmentMilestone, subject: shipment ?? pro ?? "?", time: time,
            TrackingMilestone(
                shipmentNumber: shipment, proNumber: pro, statusCode: code,
                statusDescription: code == "D1" ? "Delivered" : "En route", eventTime: ZonedDateTime(time)!,
                location: MilestoneLocation(city: "Memphis", region: "TN", country: "US"),
                signedBy: code == "D1" ? "J. Doe" : nil))
    }

    mutating func invoice(_ number: String, order: String, shipment: String? = nil, total: Int64 = 120) -> CloudEvent {
        event(
            .invoiceIssued, subject: number, time: "2026-03-05T10:00:00Z",
            Invoice(
                invoiceNumber: number, invoiceDate: LocalDate("2026-03-05")!, orderNumber: order,
                shipmentNumber: shipment, currency: .usd,
                lines: [
                    InvoiceLine(
                        lineNumber: "1", item: ItemReference(sku: "SKU-1"),
                        quantity: Quantity(value: 10, unit: .each), unitPrice: 12, lineAmount: 120)
                ], subtotal: DecimalNumber(total), taxTotal: 0, total: DecimalNumber(total)))
    }
}

extension SQLiteEventStore {
    /// Stores events as their agent would have published them (one batch per call).
    func store(_ events: [CloudEvent]) async throws {
        guard let identity = events.first?.identity else { return }
        _ = try await ingest([
            IngestBatch(
                topic: identity.topic(.events).name, identity: identity, receivedAtMilliseconds: 0,
                events: events.map { IncomingEvent(event: $0) }, exceptions: [])
        ])
    }

    /// Exceptions of one reason, oldest first.
    func exceptions(_ reason: ExceptionReason) async throws -> [StoredException] {
        try await exceptions(limit: 1000).filter { $0.reason == reason }.reversed()
    }
}
