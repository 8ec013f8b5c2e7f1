import Aggregator
import CrossdockTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import Shared
import Testing
import WireProtocol

/// The HTTP server itself: health, readiness, JSON errors, keys and their configuration.
struct HTTPAPITests {
    @Test func healthReadinessAndJSONErrors() async throws {
        try await withTemporaryDirectory { dir in
            let viewer = TestKeys.key("viewer", tenant: "acme", role: .viewer)
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: [viewer.key])
            #expect(api.port > 0)
            let health = try await api.get("/healthz", key: nil)
            #expect(health.status == 200)
            #expect(health.json["status"] == "ok")
            let ready = try await api.get("/readyz", key: nil)
            #expect(ready.status == 200)
            #expect(ready.json["store"] == "ok")
            let missing = try await api.get("/v1/nothing-here", key: viewer.token)
            #expect(missing.status == 404)
            #expect(missing.json["error"] == "not-found")
            #expect(missing.json["detail"]?.stringValue?.isEmpty == false)
            await api.stop()
            // With the store closed, the server is not ready (and says why).
            let closedStore = try SQLiteEventStore(path: dir + "/other.sqlite")
            await closedStore.close()
            let service = HTTPAPIService(
                settings: HTTPSettings(host: "127.0.0.1", port: 0), dependencies: .init(store: closedStore))
            let task = Task { try await service.run() }
            let port = try await withTimeout(.seconds(60)) { await service.waitUntilListening() }
            let probe = try await RunningAPIProbe(port: port).get("/readyz")
            #expect(probe.status == 503)
            #expect(probe.json["store"] == "unavailable")
            task.cancel()
            _ = await task.result
        }
    }

    @Test func sha256AndConstantTimeComparison() {
        #expect(SHA256Digest.hex(SHA256Digest.hash("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let digest = SHA256Digest.digest(hex: "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")
        #expect(digest == SHA256Digest.hash("abc".utf8))
        #expect(SHA256Digest.digest(hex: "xyz") == nil)
        #expect(!SHA256Digest.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        let ring = APIKeyring([TestKeys.key("a", tenant: "acme", role: .viewer).key])
        #expect(ring.authenticate(token: "test-key-a-0123456789abcdef")?.name == "a")
        #expect(ring.authenticate(token: "test-key-a-0123456789abcdeF") == nil)
    }

    @Test func configurationOfKeysIsCheckedWithKeyPaths() async throws {
        try await withTemporaryDirectory { dir in
            try "short\n".write(toFile: dir + "/short-key", atomically: true, encoding: .utf8)
            try "a-long-random-portal-key\n".write(toFile: dir + "/portal-key", atomically: true, encoding: .utf8)
            let bad = try ConfigurationDocument.parse(
                yaml: """
                    broker: {host: 127.0.0.1, port: 1883, tls: {enabled: false}}
                    http: {listen: "127.0.0.1:0"}
                    api_keys:
                      - {name: shop, tenant: acme, role: ingest, key_sha256: \(String(repeating: "ab", count: 32))}
                      - {name: portal, tenant: acme, role: customer, key: {file: \(dir)/short-key}}
                      - {name: bad, tenant: acme, role: king, key: "plain text"}
                      - {name: partner, partner_wide: true, role: admin, key_sha256: "12"}
                    systems:
                      agents: [{match: "acme/*/tms-*", origin: tms}, {match: "acme/dc1", origin: wms}]
                      rules: {com.crossdock.order.created.v1: [erp, shop]}
                    """, path: "bad.yaml")
            let error = try #require(throws: ConfigurationError.self) {
                try bad.decode(AggregatorConfiguration.init(reader:))
            }
            let text = error.description
            #expect(text.contains("api_keys[0].origin"))
            #expect(text.contains("api_keys[1].customer"))
            #expect(text.contains("api_keys[1].key"))
            #expect(text.contains("api_keys[2].role"))
            #expect(text.contains("api_keys[2].key"))
            #expect(text.contains("api_keys[3].key_sha256"))
            #expect(text.contains("systems.agents[1].match"))
            #expect(text.contains("systems.rules.com.crossdock.order.created.v1"))
            #expect(!text.contains("plain text"))

            let good = try ConfigurationDocument.parse(
                yaml: """
                    broker: {host: 127.0.0.1, port: 1883, tls: {enabled: false}}
                    http: {listen: "[::1]:8481", max_body: 2MiB}
                    api_keys:
                      - {name: portal, tenant: acme, role: customer, customer: C-1, key: {file: \(dir)/portal-key}}
                    systems: {default_agent_origin: tms, agents: [{match: "acme/dc1/wms-*", origin: wms}]}
                    order_to_cash: {milestone_timeout: 2h}
                    """, path: "good.yaml"
            ).decode(AggregatorConfiguration.init(reader:))
            #expect(good.http.host == "::1")
            #expect(good.http.port == 8481)
            #expect(good.http.keys.authenticate(token: "a-long-random-portal-key")?.customer == "C-1")
            let wms = try AgentIdentity(tenant: "acme", site: "dc1", agent: "wms-1")
            #expect(good.systemOfRecord.origin(of: wms) == .wms)
            #expect(good.systemOfRecord.origin(of: try AgentIdentity(tenant: "acme", site: "dc1", agent: "edi")) == .tms)
            #expect(good.orderToCash.milestoneTimeout == .seconds(7200))
            #expect(good.summary.contains("[::1]:8481, 1 API key(s)"))
        }
    }
}

/// A client for a server started outside ``RunningAPI``.
struct RunningAPIProbe {
    let port: Int

    func get(_ path: String) async throws -> (status: Int, json: JSONValue) {
        try await send("GET", path, key: nil, body: nil)
    }

    func send(_ method: String, _ path: String, key: String?, body: [UInt8]?) async throws
        -> (status: Int, json: JSONValue)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .init(rawValue: method)
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: CloudEvent.contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONValue.parse(Array(bytes.readableBytesView))) ?? .null)
    }
}
