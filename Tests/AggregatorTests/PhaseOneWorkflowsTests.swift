import AsyncHTTPClient
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

@testable import Aggregator

#if canImport(Glibc)
    import Glibc
#endif

/// The four phase-one workflows end to end, with the real programs: a TLS broker, `crossdock-aggregator run` with a
/// real Tryton, two `crossdock-agent run` processes (the warehouse's and the carrier's EDI drop), and a stand-in TMS.
///
/// 1. Sales confirmed in Tryton → `order.released` → command → an X12 940 file in the WMS's inbound folder.
/// 2. A 945 dropped by the WMS → `shipment.confirmed` → the customer shipment processed in Tryton with the shipped
///    quantities (a short line leaves a backorder), and a tender posted to the TMS.
/// 3. 214s from the carrier → `shipment.milestone` → the portal API shows the shipments and the order delivered.
/// 4. The invoice posted in Tryton → `invoice.issued` → visible in the portal API.
@Suite(.serialized) struct PhaseOneWorkflowsTests {
    static let wms = PKIIdentity.agent(tenant: "acme", site: "dal1", agent: "wms")
    static let carrier = PKIIdentity.agent(tenant: "acme", site: "dal1", agent: "carrier-edi")
    static let viewerKey = "phase-one-viewer-key-0123456789"

    @Test func salesOrderToInvoiceAcrossERPWarehouseCarrierAndPortal() async throws {
        let tryton = try await TestTryton.shared()
        try await tryton.withServer { erp in
            try await TestBroker.withBroker(.tls, extraIdentities: [Self.wms, Self.carrier]) { broker in
                try await withTemporaryDirectory { dir in
                    try await run(erp: erp, broker: broker, dir: dir)
                }
            }
        }
    }

    private func run(erp: TestTrytonServer, broker: TestBroker, dir: String) async throws {
        let tms = try await StandInServer()
        for folder in ["wms-in", "wms-out", "carrier-out", "state-wms", "state-carrier"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(folder)", withIntermediateDirectories: true)
        }
        try erp.password.write(toFile: "\(dir)/tryton-password", atomically: true, encoding: .utf8)
        let aggregator = try await startAggregator(broker: broker, erp: erp, tmsURL: tms.url, dir: dir)
        let wmsAgent = try await startAgent(Self.wms, broker: broker, dir: dir, inbox: "wms-out", commands: true)
        let carrierAgent = try await startAgent(Self.carrier, broker: broker, dir: dir, inbox: "carrier-out")
        let http = HTTPClient.shared
        let client = TrytonClient(
            url: erp.url, database: erp.database, user: erp.user, password: Secret(erp.password, origin: "test"),
            timeout: .seconds(60))
        func log(_ name: String) -> String {
            (try? String(contentsOfFile: "\(dir)/\(name).log", encoding: .utf8)) ?? "(no log)"
        }

        // 1. Release: every confirmed sale becomes a 940 in the WMS's inbound folder.
        var orders: [String: ReleasedOrder] = [:]
        let released = await eventually(within: .seconds(120)) {
            orders = ReleasedOrder.read(folder: "\(dir)/wms-in")
            return orders.keys.contains("1") && orders.keys.contains("3")
        }
        try #require(released, "no 940s for sales 1 and 3; aggregator log:\n\(log("aggregator"))\nagent:\n\(log("wms"))")
        let full = try #require(orders["1"])
        let partial = try #require(orders["3"])
        #expect(full.lines.map(\.sku).sorted() == ["GADGET-2", "WIDGET-1"])

        // 2. The WMS ships sale 1 in full and sale 3 one short on its first line.
        var shortLines = partial.lines
        shortLines[0].quantity -= 1
        try drop(X12Samples.shipment945(order: full.number, shipment: "SH-E2E-1", lines: full.lines, control: 501),
                 into: "\(dir)/wms-out", name: "945-1.edi")
        try drop(X12Samples.shipment945(order: partial.number, shipment: "SH-E2E-3", lines: shortLines, control: 502),
                 into: "\(dir)/wms-out", name: "945-3.edi")
        let processed = await eventually(within: .seconds(180)) {
            let first = (try? await TrytonTestSupport.shipments(of: "1", client: client)) ?? []
            let third = (try? await TrytonTestSupport.shipments(of: "3", client: client)) ?? []
            return first.map(\.state) == ["done"] && third.map(\.state).sorted() == ["done", "waiting"]
        }
        #expect(processed, "Tryton shipments not processed; aggregator log:\n\(log("aggregator"))")
        let backorder = try await TrytonTestSupport.shipments(of: "3", client: client).first { $0.state == "waiting" }
        #expect(
            backorder?.quantities[partial.lines[0].sku].flatMap(Double.init) == 1, "\(String(describing: backorder))")
        #expect(backorder?.reference == nil)

        let tendered = await eventually(within: .seconds(60)) { tms.accepted.count >= 2 }
        #expect(tendered, "TMS calls: \(tms.calls.map(\.path))")
        let tenders = tms.accepted
        #expect(Set(tenders.map(\.path)) == ["/tenders/SH-E2E-1", "/tenders/SH-E2E-3"])
        #expect(Set(tenders.compactMap(\.idempotencyKey)).count == tenders.count, "a tender was sent twice")

        // 3. The carrier reports both shipments delivered.
        try drop(X12Samples.milestone214(shipment: "SH-E2E-1", status: "D1", control: 601),
                 into: "\(dir)/carrier-out", name: "214-1.edi")
        try drop(X12Samples.milestone214(shipment: "SH-E2E-3", status: "D1", control: 602),
                 into: "\(dir)/carrier-out", name: "214-3.edi")
        let port = try #require(httpPort(in: log("aggregator")), "no HTTP port in the log:\n\(log("aggregator"))")
        func portal(_ path: String) async throws -> JSONValue? {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.headers.add(name: "Authorization", value: "Bearer \(Self.viewerKey)")
            let response = try await http.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status.code == 200 else { return nil }
            return try JSONValue.parse(String(buffer: body))
        }
        let delivered = await eventually(within: .seconds(60)) {
            (try? await portal("/v1/portal/orders/1"))?.objectValue?["state"]?.stringValue == "delivered"
        }
        let afterDelivery = try? await portal("/v1/portal/orders/1")
        #expect(delivered, "order 1: \(String(describing: afterDelivery))")
        let shipment = try await portal("/v1/portal/shipments/SH-E2E-3")?.objectValue
        #expect(shipment?["status"]?.stringValue == "delivered")
        #expect(shipment?["milestones"]?.arrayValue?.count == 1)
        // Sale 3 went out one short: its backorder is still to ship, so the order is not delivered.
        let partialOrder = try await portal("/v1/portal/orders/3")?.objectValue
        let partialState = partialOrder?["state"]?.stringValue
        #expect(partialState == "partially-shipped" || partialState == "in-transit", "order 3: \(String(describing: partialOrder))")

        // 4. Accounting posts the invoice Tryton drafted for sale 1; the portal shows it.
        let sale = try #require(
            try await client.searchRead("sale.sale", domain: [["number", "=", "1"]], fields: ["id"]).first)
        let saleID = try #require(TrytonValue.id(sale["id"]))
        let invoices = try await client.searchRead(
            "account.invoice", domain: [["sales", "=", .number(DecimalNumber(saleID))]], fields: ["state"])
        try await client.button("account.invoice", "post", ids: invoices.compactMap { TrytonValue.id($0["id"]) })
        let invoiced = await eventually(within: .seconds(60)) {
            let order = (try? await portal("/v1/portal/orders/1"))?.objectValue
            return order?["state"]?.stringValue == "invoiced" && order?["invoices"]?.arrayValue?.count == 1
        }
        let afterInvoice = try? await portal("/v1/portal/orders/1")
        #expect(invoiced, "order 1: \(String(describing: afterInvoice))")

        // Each Tryton shipment was processed by exactly one job, whatever was redelivered on the way.
        let database = try SQLiteConnection(
            path: "\(dir)/events.sqlite", options: SQLiteConnection.Options(readOnly: true))
        let confirmJobs = try database.scalar(
            "SELECT count(*) FROM jobs WHERE action = 'shipment.confirm' AND state = 'done'")?.integer
        #expect(confirmJobs == 2)

        for process in [wmsAgent, carrierAgent, aggregator] { process.send(SIGTERM) }
        for process in [wmsAgent, carrierAgent, aggregator] {
            #expect(try await waitForExit(process, within: .seconds(30)) == 0)
        }
        await tms.stop()
    }

    // MARK: - Processes

    private func startAggregator(broker: TestBroker, erp: TestTrytonServer, tmsURL: String, dir: String)
        async throws -> ChildProcess
    {
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[TestPKI.aggregator])
        let keyHash = SHA256Digest.hex(SHA256Digest.hash(Array(Self.viewerKey.utf8)))
        try """
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
        store: {path: \(dir)/events.sqlite, synchronous: normal}
        http: {listen: "127.0.0.1:0"}
        api_keys:
          - {name: ops, tenant: acme, role: viewer, key_sha256: \(keyHash)}
        systems:
          agents: [{match: "acme/dal1/carrier-edi", origin: carrier}]
        order_to_cash: {poll_interval: 100ms}
        erp:
          kind: tryton
          url: \(erp.url)
          database: \(erp.database)
          user: \(erp.user)
          password: {file: \(dir)/tryton-password}
          tenant: acme
          warehouses: {WH: dal1}
          poll_interval: 500ms
          timeout: 60s
        connectors:
          wms: {kind: agent_command, agent: wms}
          tms: {kind: http, url: "\(tmsURL)", timeout: 10s}
        routes:
          - {name: release-to-wms, match: {type: com.crossdock.order.released.v1}, destination: wms, action: order.release}
          - {name: shipment-to-erp, match: {type: com.crossdock.shipment.confirmed.v1}, destination: erp, action: shipment.confirm}
          - name: tender-to-tms
            match: {type: com.crossdock.shipment.confirmed.v1}
            destination: tms
            action: tender
            request: {method: POST, path: "/tenders/{{subject}}"}
        jobs: {poll_interval: 100ms, retry: {initial_backoff: 100ms, max_backoff: 2s}}
        """.write(toFile: "\(dir)/aggregator.yaml", atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", "\(dir)/aggregator.yaml"], outputFile: "\(dir)/aggregator.log")
        let ready = await eventually(within: .seconds(60)) {
            let text = (try? String(contentsOfFile: "\(dir)/aggregator.log", encoding: .utf8)) ?? ""
            return text.contains("ingest subscribed") && httpPort(in: text) != nil
        }
        #expect(ready, "aggregator not ready: \((try? String(contentsOfFile: "\(dir)/aggregator.log", encoding: .utf8)) ?? "")")
        return process
    }

    private func startAgent(
        _ identity: PKIIdentity, broker: TestBroker, dir: String, inbox: String, commands: Bool = false
    ) async throws -> ChildProcess {
        guard case .agent(let tenant, let site, let agent) = identity else { throw PhaseOneError("not an agent identity") }
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[identity])
        let state = "\(dir)/state-\(agent == "wms" ? "wms" : "carrier")"
        let sinks = commands
            ? """
            commands:
              sinks:
                - {name: wms-inbound, command: com.crossdock.order.released.v1, type: folder, path: \(dir)/wms-in, format: x12-940,
                   x12: {sender_id: CROSSDOCK, receiver_id: WMSDAL1, control_numbers: \(state)/x12-numbers}}
            """ : ""
        try """
        identity: {tenant: \(tenant), site: \(site), agent: \(agent)}
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
        outbox: {path: \(state)/outbox.sqlite}
        metrics: {listen: "127.0.0.1:0"}
        forwarder: {linger: 50ms}
        sources:
          - {name: edi, type: folder, inbox: \(dir)/\(inbox), archive: \(state)/archive, error: \(state)/error,
             format: edi, stable_for: 200ms}
        \(sinks)
        """.write(toFile: "\(state)/agent.yaml", atomically: true, encoding: .utf8)
        let name = agent == "wms" ? "wms" : "carrier"
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"),
            arguments: ["run", "--config", "\(state)/agent.yaml"], outputFile: "\(dir)/\(name).log")
        let up = await eventually(within: .seconds(60)) {
            ((try? String(contentsOfFile: "\(dir)/\(name).log", encoding: .utf8)) ?? "").contains("serving /metrics")
        }
        #expect(up, "agent \(agent) not up: \((try? String(contentsOfFile: "\(dir)/\(name).log", encoding: .utf8)) ?? "")")
        return process
    }

    /// Writes `text` beside the folder and renames it in, as a WMS or a carrier gateway would.
    private func drop(_ text: String, into folder: String, name: String) throws {
        let temporary = "\(folder)/../.\(name).part"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, "\(folder)/\(name)") == 0 else { throw PhaseOneError("cannot rename \(name) into \(folder)") }
    }
}

struct PhaseOneError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The port in the aggregator's "HTTP API listening on 127.0.0.1:PORT" line.
private func httpPort(in log: String) -> Int? {
    guard let range = log.range(of: "HTTP API listening on 127.0.0.1:") else { return nil }
    return Int(log[range.upperBound...].prefix { $0.isNumber })
}

/// An order as the WMS received it: read back from a 940 file.
struct ReleasedOrder {
    struct Line {
        var sku: String
        var quantity: Int
    }

    var number: String
    var lines: [Line]

    /// The orders of every 940 in `folder`, by order number (W0502).
    static func read(folder: String) -> [String: ReleasedOrder] {
        var orders: [String: ReleasedOrder] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where !name.hasPrefix(".") {
            guard let text = try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8) else { continue }
            var current: ReleasedOrder?
            for segment in text.split(separator: "~").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) {
                let elements = segment.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
                switch elements.first {
                case "W05": current = ReleasedOrder(number: elements[2], lines: [])
                case "W01":
                    if let index = elements.firstIndex(of: "SK"), index + 1 < elements.count,
                        let quantity = Double(elements[1])
                    {
                        current?.lines.append(Line(sku: elements[index + 1], quantity: Int(quantity)))
                    }
                case "SE":
                    if let order = current { orders[order.number] = order }
                    current = nil
                default: break
                }
            }
        }
        return orders
    }
}

/// X12 documents the WMS and the carrier send back.
enum X12Samples {
    static func envelope(_ functional: String, _ set: String, control: Int, body: [String]) -> String {
        let isa = String(format: "%09d", control)
        let segments =
            [
                "ISA*00*          *00*          *ZZ*WMSDAL1        *ZZ*CROSSDOCK      *261127*1200*U*00401*\(isa)*0*P*>",
                "GS*\(functional)*WMSDAL1*CROSSDOCK*20261127*1200*\(control)*X*004010",
                "ST*\(set)*0001",
            ] + body + ["SE*\(body.count + 2)*0001", "GE*1*\(control)", "IEA*1*\(isa)"]
        return segments.joined(separator: "~\n") + "~\n"
    }

    /// A 945 shipping `lines` of `order` as shipment `shipment` (W0604).
    static func shipment945(order: String, shipment: String, lines: [ReleasedOrder.Line], control: Int) -> String {
        var body = ["W06*N*\(order)*20261127*\(shipment)", "N1*SF*DALLAS DC*91*WH", "W27*M*UPSN"]
        for (index, line) in lines.enumerated() {
            body += ["LX*\(index + 1)", "W12*CC**\(line.quantity)**EA**SK*\(line.sku)"]
        }
        body.append("W03*\(lines.reduce(0) { $0 + $1.quantity })")
        return envelope("SW", "945", control: control, body: body)
    }

    /// A 214 reporting `status` (AT701) for `shipment` (B1002).
    static func milestone214(shipment: String, status: String, control: Int) -> String {
        envelope(
            "QM", "214", control: control,
            body: [
                "B10*PRO\(control)*\(shipment)*UPSN", "LX*1", "AT7*\(status)*NS***20261128*1430*CT",
                "MS1*DALLAS*TX*US",
            ])
    }
}
