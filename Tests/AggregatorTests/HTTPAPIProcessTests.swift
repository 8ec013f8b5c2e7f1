import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `crossdock-aggregator run` with an `http` section, as a real process: it logs the port it bound, takes an event
/// over HTTP, shows the order in the portal, and stops on SIGTERM.
struct HTTPAPIProcessTests {
    @Test func theAggregatorServesTheAPIOnTheConfiguredAddress() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            try await withTemporaryDirectory { dir in
                let erp = "erp-key-0123456789abcdef"
                let viewer = "viewer-key-0123456789abcdef"
                try """
                broker: {host: \(broker.host), port: \(broker.port), tls: {enabled: false}}
                store: {path: \(dir)/events.sqlite}
                http: {listen: "127.0.0.1:0"}
                api_keys:
                  - {name: erp, tenant: acme, role: ingest, origin: erp, key_sha256: \(SHA256Digest.hex(SHA256Digest.hash(erp.utf8)))}
                  - {name: viewer, tenant: acme, role: viewer, key_sha256: \(SHA256Digest.hex(SHA256Digest.hash(viewer.utf8)))}
                order_to_cash: {poll_interval: 50ms}
                """.write(toFile: "\(dir)/aggregator.yaml", atomically: true, encoding: .utf8)
                let process = try ChildProcess.spawn(
                    executable: try ProductExecutable.path("crossdock-aggregator"),
                    arguments: ["run", "--config", "\(dir)/aggregator.yaml"], outputFile: "\(dir)/aggregator.log")
                func log() -> String { (try? String(contentsOfFile: "\(dir)/aggregator.log", encoding: .utf8)) ?? "" }
                var port = 0
                _ = await eventually(within: .seconds(60)) {
                    guard let range = log().range(of: "HTTP API listening on 127.0.0.1:") else { return false }
                    port = Int(log()[range.upperBound...].prefix { $0.isNumber }) ?? 0
                    return port > 0
                }
                try #require(port > 0, "no port in the log: \(log())")
                let api = RunningAPIProbe(port: port)
                #expect(try await api.get("/healthz").status == 200)

                var events = OrderEvents(tenant: "acme")
                let order = events.order("SO-77", customer: "C-1", lines: [("1", "SKU-1", 3)], released: true)
                let posted = try await api.post("/v1/events", key: erp, body: JSONValue.object(order.encodedValue).encoded())
                #expect(posted.status == 202)
                #expect(posted.json["results"]?[0]?["status"] == "stored")
                let shown = await eventually(within: .seconds(60)) {
                    (try? await api.get("/v1/portal/orders/SO-77", key: viewer).json["state"]) == "released"
                }
                #expect(shown, "log: \(log())")
                #expect(!log().contains(erp) && !log().contains(viewer))

                process.send(SIGTERM)
                let status = try await waitForExit(process, within: .seconds(60))
                #expect(status == 0, "log: \(log())")
                #expect(log().contains("HTTP API stopped"))
            }
        }
    }
}

extension RunningAPIProbe {
    /// `GET path` with a key.
    func get(_ path: String, key: String) async throws -> (status: Int, json: JSONValue) {
        try await send("GET", path, key: key, body: nil)
    }

    /// `POST path` with a key and one CloudEvent.
    func post(_ path: String, key: String, body: [UInt8]) async throws -> (status: Int, json: JSONValue) {
        try await send("POST", path, key: key, body: body)
    }
}
