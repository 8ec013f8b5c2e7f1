import Foundation
import CrossdockTesting
import Logging
import Shared
import Testing

/// TLS, client certificates and the ACL, against a real mosquitto.
@Suite struct MQTTBrokerSecurityTests {
    /// A CloudEvents JSON batch of `count` events, the kind of payload an agent sends.
    static func cloudEventsBatch(count: Int) -> [UInt8] {
        let events = (1...count).map { sequence in
            """
            {"specversion":"1.0","id":"file:/data/shipments.csv@\(sequence * 312)","source":"crossdock://acme/dc1/agent-a/shipments",\
            "type":"com.crossdock.shipment.confirmed.v1","subject":"SO-\(100_000 + sequence)","time":"2026-11-27T02:30:00Z",\
            "datacontenttype":"application/json","tenant":"acme","site":"dc1","agent":"agent-a","sequence":\(sequence),\
            "correlationid":"SO-\(100_000 + sequence)","data":{"shipmentNumber":"SH-\(sequence)","carrier":"UPSN","packages":2}}
            """
        }
        return Array(("[" + events.joined(separator: ",") + "]").utf8)
    }

    @Test func tlsClientCertificateConnectsAndRoundTripsABatchAtQoS1() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            let subscription = try await aggregator.subscribe(to: "crossdock/v1/+/+/+/events")
            let batch = Self.cloudEventsBatch(count: 100)
            let properties = MQTTMessageProperties(
                contentType: "application/cloudevents-batch+json",
                userProperties: [.init(name: "batch", value: "1")])

            try await agent.publish(topic: TestTopics.events("agent-a"), payload: batch, properties: properties)

            let received = try await collect(1, from: subscription)
            #expect(received.first?.topic == TestTopics.events("agent-a"))
            #expect(received.first?.payload == batch)
            #expect(received.first?.qos == .atLeastOnce)
            #expect(received.first?.properties == properties)
            #expect(batch.count > 30_000)
            await agent.shutdown()
            await aggregator.shutdown()
        }
    }

    @Test func connectingWithoutAClientCertificateIsRefused() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let handler = CapturingLogHandler()
            let client = try MQTTClient(
                configuration: broker.clientConfiguration(identity: nil),
                logger: Logger(label: "test.mqtt") { _ in handler })
            let error = await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a refused connect") { try await client.connect() }
            }
            #expect(error?.code == .connectionFailed || error?.code == .connectionRefused)
            #expect(error?.message.contains("TLS") == true)
            #expect(client.connectionState != .connected)
            // Operators see why in the log, not just libmosquitto's "Success".
            #expect(handler.entries.contains { $0.level >= .error && $0.message.contains("TLS connection") })
            await client.shutdown()
        }
    }

    @Test func certificateFromAnotherAuthorityIsRefused() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let pki = try #require(broker.pki)
            var configuration = broker.clientConfiguration(identity: TestPKI.agentA)
            configuration.tls = MQTTTLSConfiguration(
                caFile: pki.authority.certificateFile, certificateFile: pki.foreignClient.certificateFile,
                keyFile: pki.foreignClient.keyFile)
            let client = try MQTTClient(configuration: configuration)
            let error = await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a refused connect") { try await client.connect() }
            }
            #expect(error?.code == .connectionFailed || error?.code == .connectionRefused)
            await client.shutdown()
            // The broker's log has the reason.
            #expect(broker.logText().contains("certificate"))
        }
    }

    @Test func publishingToAnotherAgentsTopicIsNotAuthorised() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            // Its own topic works, even with nobody subscribed (reason 16 is a success).
            try await agent.publish(topic: TestTopics.events("agent-a"), payload: Array("ok".utf8))

            let error = await #expect(throws: MQTTError.self) {
                try await agent.publish(topic: TestTopics.events("agent-b"), payload: Array("sneaky".utf8))
            }
            #expect(error?.code == .notAuthorized)
            #expect(error?.reasonCode == 135)
            #expect(
                error?.message.hasPrefix(
                    "not authorised to publish to crossdock/v1/acme/dc1/agent-b/events (reason 135)")
                    == true)
            // The client stays usable.
            try await agent.publish(topic: TestTopics.status("agent-a"), payload: Array("online".utf8), retain: true)
            await agent.shutdown()
        }
    }

    @Test func agentDoesNotReceiveAnotherAgentsCommands() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let agentA = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            let agentB = try await MQTTClient.connected(to: broker, as: TestPKI.agentB)
            // A wildcard beyond its own subtree is granted by mosquitto; read access is checked per message.
            let snooping = try await agentA.subscribe(to: "crossdock/v1/acme/dc1/+/commands")
            let own = try await agentB.subscribe(to: TestTopics.commands("agent-b"))

            try await aggregator.publish(
                topic: TestTopics.commands("agent-b"), payload: Array("release SO-1 for B".utf8))
            try await aggregator.publish(
                topic: TestTopics.commands("agent-a"), payload: Array("release SO-2 for A".utf8))

            let forB = try await collect(1, from: own)
            #expect(forB.map(\.payload) == [Array("release SO-1 for B".utf8)])
            // A's first message is its own command: B's, published before it, never reached A.
            let forA = try await collect(1, from: snooping)
            #expect(forA.map(\.topic) == [TestTopics.commands("agent-a")])
            #expect(forA.map(\.payload) == [Array("release SO-2 for A".utf8)])
            await agentA.shutdown()
            await agentB.shutdown()
            await aggregator.shutdown()
        }
    }

    @Test func anAgentOfOneTenantNeitherPublishesToNorReadsAnotherTenantsTopics() async throws {
        let globex = PKIIdentity.agent(tenant: "globex", site: "dc1", agent: "agent-a")
        try await TestBroker.withBroker(.tls, extraIdentities: [globex]) { broker in
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let acme = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            let other = try await MQTTClient.connected(to: broker, as: globex)
            // The same site and agent names under another tenant: the tenant alone must keep them apart.
            for channel in ["events", "status", "acks", "commands"] {
                let error = await #expect(throws: MQTTError.self) {
                    try await acme.publish(
                        topic: "crossdock/v1/globex/dc1/agent-a/\(channel)", payload: Array("cross-tenant".utf8))
                }
                #expect(error?.code == .notAuthorized, "\(channel)")
            }
            let snooping = try await acme.subscribe(to: "crossdock/v1/+/dc1/agent-a/#")
            let own = try await other.subscribe(to: "crossdock/v1/globex/dc1/agent-a/commands")
            try await aggregator.publish(
                topic: "crossdock/v1/globex/dc1/agent-a/commands", payload: Array("release G-1 for globex".utf8))
            try await other.publish(topic: "crossdock/v1/globex/dc1/agent-a/events", payload: Array("globex".utf8))
            try await aggregator.publish(
                topic: TestTopics.commands("agent-a"), payload: Array("release SO-2 for acme".utf8))
            #expect(try await collect(1, from: own).map(\.payload) == [Array("release G-1 for globex".utf8)])
            // acme's first message is its own command: globex's command and events, sent before it, never reached it.
            let seen = try await collect(1, from: snooping)
            #expect(seen.map(\.topic) == [TestTopics.commands("agent-a")])
            await acme.shutdown()
            await other.shutdown()
            await aggregator.shutdown()
        }
    }

    @Test func aggregatorMayNotPublishEventsInAnAgentsName() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let error = await #expect(throws: MQTTError.self) {
                try await aggregator.publish(topic: TestTopics.events("agent-a"), payload: Array("forged".utf8))
            }
            #expect(error?.code == .notAuthorized)
            await aggregator.shutdown()
        }
    }

    @Test func revokedAgentCertificateIsRefusedAfterTheBrokerRestarts() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let pki = try #require(broker.pki)
            #expect(try String(contentsOfFile: broker.configurationFile, encoding: .utf8).contains("crlfile "))
            // Before the revocation, the certificate is good.
            let before = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA))
            try await withTimeout(30, "agent-a connects") { try await before.connect() }
            await before.shutdown()

            try pki.authority.revokeClientCertificate(for: TestPKI.agentA)
            try await broker.restart()

            let revoked = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA))
            let error = await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a refused connect") { try await revoked.connect() }
            }
            #expect(error?.code == .connectionFailed || error?.code == .connectionRefused)
            await revoked.shutdown()

            // Another agent of the same authority still connects.
            let other = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentB))
            try await withTimeout(30, "agent-b connects") { try await other.connect() }
            #expect(other.connectionState == .connected)
            await other.shutdown()
        }
    }
}
