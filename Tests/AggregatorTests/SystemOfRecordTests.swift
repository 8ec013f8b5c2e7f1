import Aggregator
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The system-of-record rules: the defaults from DESIGN.md, agent mappings, and enforcement at MQTT ingest through
/// a real broker.
struct SystemOfRecordTests {
    @Test func defaultsFollowTheDesign() throws {
        let rules = SystemOfRecordRules()
        #expect(rules.allows(type: .invoiceIssued, origin: .erp))
        #expect(!rules.allows(type: .invoiceIssued, origin: .wms))
        #expect(!rules.allows(type: .orderReleased, origin: .portal))
        #expect(rules.allows(type: .shipmentConfirmed, origin: .wms))
        #expect(!rules.allows(type: .shipmentConfirmed, origin: .tms))
        #expect(rules.allows(type: .shipmentMilestone, origin: .carrier))
        #expect(!rules.allows(type: .shipmentTendered, origin: .wms))
        #expect(rules.allows(type: .inventoryAdjusted, origin: .wms))
        #expect(!rules.allows(type: .inventoryAdjusted, origin: .erp))
        // Types nobody masters are open to every origin, the portal included.
        #expect(rules.allows(type: .commandCompleted, origin: .portal))
        #expect(rules.allows(type: "com.example.feedback.given.v1", origin: .portal))
        // Every mastered type refuses the portal.
        for type in SystemOfRecordRules.defaultRules.keys {
            #expect(!rules.allows(type: type, origin: .portal), "\(type)")
        }
        let message = try #require(rules.violation(type: .invoiceIssued, origin: .wms, publisher: "agent acme/dc1/a"))
        #expect(message.contains("may be published only by erp"))
        #expect(message.contains("agent acme/dc1/a speaks for wms"))
    }

    @Test func agentPatternsMapAgentsToOrigins() throws {
        let rules = SystemOfRecordRules(
            agents: [
                .init(pattern: "acme/*/tms-*", origin: .tms), .init(pattern: "*/*/edi", origin: .edi),
            ], defaultAgentOrigin: .wms)
        #expect(rules.origin(of: try AgentIdentity(tenant: "acme", site: "dal1", agent: "tms-1")) == .tms)
        #expect(rules.origin(of: try AgentIdentity(tenant: "globex", site: "dal1", agent: "tms-1")) == .wms)
        #expect(rules.origin(of: try AgentIdentity(tenant: "globex", site: "x", agent: "edi")) == .edi)
        #expect(rules.origin(of: try AgentIdentity(tenant: "globex", site: "x", agent: "edi-2")) == .wms)
    }

    /// Through a real TLS broker: an agent (a WMS by default) publishing an invoice and a freight milestone gets
    /// them acknowledged as exceptions; its shipment confirmation is stored; an agent mapped to the TMS may publish
    /// the milestone.
    @Test func ingestTurnsAnAgentsMasteredWritesIntoExceptions() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let client = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
                try await client.connect()
                let store = try SQLiteEventStore(path: dir + "/events.sqlite")
                let rules = SystemOfRecordRules(agents: [.init(pattern: "acme/dc1/agent-b", origin: .tms)])
                let service = IngestService(client: client, store: store, systemOfRecord: rules)
                let running = Task { try await service.run() }
                try await withTimeout(.seconds(60)) { await service.waitUntilSubscribed() }

                let wms = try await TestAgent(broker: broker, certificate: TestPKI.agentA)
                var events = OrderEvents(tenant: "acme", site: "dc1", agent: "agent-a")
                try await wms.publish(
                    CloudEventBatch([
                        events.shipment("SH-1", order: "SO-1", lines: [("1", "SKU-1", 1, nil)]),
                        events.invoice("INV-1", order: "SO-1"),
                        events.milestone("SH-1", code: "X6", at: "2026-03-03T08:00:00Z"),
                    ]).encoded())
                await wms.waitForAcks(within: .seconds(60)) { _ in wms.acknowledged.stored == [1...3] }
                #expect(wms.acknowledged.exceptions == [2...3])

                let tms = try await TestAgent(broker: broker, certificate: TestPKI.agentB)
                var tmsEvents = OrderEvents(tenant: "acme", site: "dc1", agent: "agent-b")
                try await tms.publish(
                    CloudEventBatch([tmsEvents.milestone("SH-1", code: "X6", at: "2026-03-03T08:00:00Z")]).encoded())
                await tms.waitForAcks(within: .seconds(60)) { _ in tms.acknowledged.stored == [1...1] }
                #expect(tms.acknowledged.exceptions.isEmpty)

                #expect(try await store.counts().events == 2)
                let violations = try await store.exceptions(.systemOfRecord)
                try #require(violations.count == 2)
                #expect(violations.map(\.sequence) == [2, 3])
                #expect(violations[0].problemsJSON.contains("invoice.issued.v1 (invoice status) may be published only by erp"))
                #expect(violations[1].problemsJSON.contains("(freight milestones) may be published only by carrier, tms"))
                await wms.stop()
                await tms.stop()
                running.cancel()
                _ = await running.result
                await client.shutdown()
                await store.close()
            }
        }
    }
}
