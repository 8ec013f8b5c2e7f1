import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// Agents' retained status through a real broker into the store and out of the admin API, and `/metrics`.
struct AdminAPIAgentsTests {
    @Test func retainedStatusShowsAgentsOnlineOfflineWithBacklog() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            try await withTemporaryDirectory { dir in
                let api = try await AdminFixture.start(dir)
                // Published before the aggregator subscribes: retained, so it still arrives.
                let agent = try MQTTClient(configuration: broker.clientConfiguration(identity: nil, clientID: "agent-a"))
                try await agent.connect()
                let online = StatusMessage(state: .online, agentVersion: "1.4.2", backlog: 17, oldestUnackedAgeSeconds: 42)
                try await agent.publish(topic: "crossdock/v1/acme/dc1/agent-a/status", payload: online.encoded(), retain: true)
                let offline = StatusMessage(state: .offline, agentVersion: "1.4.1", reason: "connection-lost")
                try await agent.publish(topic: "crossdock/v1/globex/plant/agent-g/status", payload: offline.encoded(), retain: true)
                try await agent.publish(topic: "crossdock/v1/acme/dc1/agent-x/status", payload: Array("not json".utf8), retain: true)
                let client = try MQTTClient(configuration: broker.clientConfiguration(identity: nil, clientID: "aggregator"))
                try await client.connect()
                let service = AgentStatusService(client: client, store: api.store)
                let task = Task { try await service.run() }
                try await withTimeout(.seconds(60)) { await service.waitUntilSubscribed() }
                var agents: [JSONValue] = []
                for _ in 0..<600 {
                    agents = try await api.get("/v1/admin/agents", key: AdminFixture.partner.token).json["agents"]?.arrayValue ?? []
                    if agents.filter({ $0["state"] != "unknown" }).count == 2 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let acme = try #require(agents.first { $0["agent"] == "agent-a" })
                #expect(acme["state"] == "online")
                #expect(acme["version"] == "1.4.2")
                #expect(acme["backlog"] == 17)
                #expect(acme["oldestUnackedAgeSeconds"] == 42)
                #expect(acme["lastSeen"]?.stringValue != nil)
                let globex = try #require(agents.first { $0["agent"] == "agent-g" })
                #expect(globex["state"] == "offline")
                #expect(globex["reason"] == "connection-lost")
                #expect(!agents.contains { $0["agent"] == "agent-x" && $0["state"] != "unknown" })
                // A tenant key sees only its agents.
                let own = try await api.get("/v1/admin/agents", key: AdminFixture.acmeViewer.token)
                #expect(AdminFixture.strings(own.json, "agents", "tenant").allSatisfy { $0 == "acme" })
                // /metrics: store gauges, no secrets.
                let metrics = try await api.raw("GET", "/metrics")
                let text = String(decoding: metrics.body, as: UTF8.self)
                #expect(metrics.status == 200)
                #expect(text.contains(#"crossdock_aggregator_agent_backlog{tenant="acme",site="dc1",agent="agent-a"} 17"#))
                #expect(text.contains(#"crossdock_aggregator_agents{state="online"} 1"#))
                #expect(text.contains(#"crossdock_aggregator_events{type="com.crossdock.order.released.v1"} 2"#))
                #expect(text.contains(#"crossdock_aggregator_jobs{destination="erp",state="dead"} 2"#))
                for secret in AdminFixture.keys.map({ SHA256Digest.hex($0.sha256) }) + [AdminFixture.acmeAdmin.token] {
                    #expect(!text.contains(secret))
                }
                task.cancel()
                _ = await task.result
                await client.shutdown()
                await agent.shutdown()
                await api.stop()
            }
        }
    }
}
