import CrossdockTesting
import Logging
import Testing

@testable import Shared

/// Several broker endpoints tried in turn, and the fallback from MQTT 5 to 3.1.1, against real brokers.
@Suite struct MQTTFailoverTests {
    @Test func aStoppedBrokerIsReplacedByTheNextEndpoint() async throws {
        try await TestBroker.withBroker(.plain) { first in
            try await TestBroker.withBroker(.plain) { second in
                let client = try await MQTTClient.connected(to: first, as: nil) {
                    $0.fallbackEndpoints = [MQTTEndpoint(host: second.host, port: second.port)]
                }
                #expect(client.endpoint == MQTTEndpoint(host: first.host, port: first.port))
                let reader = try await MQTTClient.connected(to: second, as: nil)
                let subscription = try await reader.subscribe(to: "crossdock/v1/acme/dc1/agent-a/events")
                await first.stop()
                // A publish made while the first broker is gone completes once the client reached the second.
                try await withTimeout(30, "the publish through the second broker") {
                    try await client.publish(
                        topic: "crossdock/v1/acme/dc1/agent-a/events", payload: Array("moved".utf8))
                }
                #expect(client.endpoint == MQTTEndpoint(host: second.host, port: second.port))
                #expect(try await collect(1, from: subscription, within: 30).first?.payload == Array("moved".utf8))
                await reader.shutdown()
                await client.shutdown()
            }
        }
    }

    @Test func connectTriesEveryEndpointBeforeItFails() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let down = try TestBroker.freePort()
            var configuration = broker.clientConfiguration(identity: nil)
            configuration.host = "127.0.0.1"
            configuration.port = down
            configuration.fallbackEndpoints = [MQTTEndpoint(host: broker.host, port: broker.port)]
            let client = try MQTTClient(configuration: configuration)
            try await withTimeout(30, "connecting through the second endpoint") { try await client.connect() }
            #expect(client.endpoint.port == broker.port)
            await client.shutdown()

            // With no endpoint up, connect() fails after one round, naming the last endpoint tried.
            configuration.fallbackEndpoints = [MQTTEndpoint(host: "127.0.0.1", port: try TestBroker.freePort())]
            let failing = try MQTTClient(configuration: configuration)
            let error = await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a failing connect") { try await failing.connect() }
            }
            #expect(error?.code == .connectionFailed)
            #expect(error?.message.contains("127.0.0.1:\(configuration.fallbackEndpoints[0].port)") == true)
            await failing.shutdown()
        }
    }

    @Test func mqtt5FallsBackTo311WhenTheBrokerRefusesIt() async throws {
        try await TestNATSCluster.withCluster(nodes: 1) { cluster in
            var configuration = cluster.clientConfiguration()
            configuration.protocolVersion = .v5

            // Without the fallback, the refusal says what to configure.
            let strict = try MQTTClient(configuration: configuration)
            let error = await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a refused MQTT 5 connect") { try await strict.connect() }
            }
            #expect(error?.code == .connectionRefused)
            #expect(error?.message.contains("does not speak MQTT 5") == true)
            await strict.shutdown()

            // With it, the client speaks 3.1.1, says so once, and QoS 1 works both ways.
            configuration.fallsBackToMQTT311 = true
            let handler = CapturingLogHandler()
            let client = try MQTTClient(configuration: configuration, logger: Logger(label: "test.mqtt") { _ in handler })
            try await withTimeout(30, "connecting with the fallback") { try await client.connect() }
            #expect(client.protocolVersion == .v3_1_1)
            let subscription = try await client.subscribe(to: "crossdock/v1/acme/dc1/+/acks")
            try await client.publish(
                topic: "crossdock/v1/acme/dc1/agent-a/acks", payload: Array("ack".utf8),
                properties: MQTTMessageProperties(contentType: "application/json"))
            let message = try #require(try await collect(1, from: subscription, within: 30).first)
            #expect(message.payload == Array("ack".utf8))
            #expect(message.properties.contentType == nil)
            let fallbacks = handler.entries.filter { $0.message.contains("speaking MQTT 3.1.1 from now on") }
            #expect(fallbacks.count == 1)
            #expect(fallbacks.first?.level == .warning)
            await client.shutdown()
        }
    }

    @Test func mqtt5FallsBackTo311WhenTheBrokerDropsTheConnectUnanswered() async throws {
        let listener = try MQTT5DroppingListener()
        defer { listener.stop() }
        let handler = CapturingLogHandler()
        let client = try MQTTClient(
            configuration: MQTTClientConfiguration(host: "127.0.0.1", port: listener.port, fallsBackToMQTT311: true),
            logger: Logger(label: "test.mqtt") { _ in handler })
        try await withTimeout(30, "connecting after the dropped MQTT 5 CONNECT") { try await client.connect() }
        #expect(client.protocolVersion == .v3_1_1)
        #expect(listener.levels.withLock { $0 } == [5, 4])
        #expect(
            handler.entries.filter { $0.message.contains("closed the connection without answering the MQTT 5 CONNECT") }
                .count == 1)
        await client.shutdown()
    }
}
