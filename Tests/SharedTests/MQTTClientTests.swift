import CrossdockTesting
import Logging
import Synchronization
import Testing

@testable import Shared

/// Connection lifecycle, last will, subscriptions and throughput paths of the client, against a real mosquitto.
@Suite struct MQTTClientTests {
    @Test func brokerRestartReconnectsAndPendingQoS1PublishesComplete() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            let states = agent.connectionStates()
            await broker.stop()
            // Publish while the broker is down: these wait in libmosquitto and complete after the reconnect.
            let pending = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            try await agent.publish(
                                topic: TestTopics.events("agent-a"), payload: Array("event \(index)".utf8))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // The client notices and starts its backoff.
            let sawBackoff = try await withTimeout(30, "the client noticing the broker is gone") {
                for await state in states {
                    if case .waitingToReconnect = state { return true }
                }
                return false
            }
            #expect(sawBackoff)
            try await broker.start()
            try await withTimeout(20, "pending publishes after the broker restarted") { try await pending.value }
            #expect(agent.connectionState == .connected)
            // And the connection works for new publishes and subscriptions.
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let subscription = try await aggregator.subscribe(to: TestTopics.events("agent-a"))
            try await agent.publish(topic: TestTopics.events("agent-a"), payload: Array("after".utf8))
            #expect(try await collect(1, from: subscription).first?.payload == Array("after".utf8))
            await aggregator.shutdown()
            await agent.shutdown()
        }
    }

    @Test func subscriptionsAreRenewedAfterReconnect() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let subscriber = try await MQTTClient.connected(to: broker)
            let publisher = try await MQTTClient.connected(to: broker)
            let subscription = try await subscriber.subscribe(to: "crossdock/v1/acme/dc1/+/events")
            try await broker.restart()
            // Both reconnect by themselves; once the subscriber did, messages arrive again.
            try await withTimeout(20, "reconnecting") {
                try await subscriber.waitUntilConnected()
                try await publisher.waitUntilConnected()
            }
            let received = try await withTimeout(20, "a message after the restart") {
                // The renewed SUBSCRIBE may reach the broker just after a publish: publish until one arrives.
                let publishing = Task {
                    for index in 0..<200 where !Task.isCancelled {
                        try await publisher.publish(
                            topic: TestTopics.events("agent-a"), payload: Array("\(index)".utf8))
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                defer { publishing.cancel() }
                var iterator = subscription.makeAsyncIterator()
                return try await iterator.next()
            }
            #expect(received?.topic == TestTopics.events("agent-a"))
            await publisher.shutdown()
            await subscriber.shutdown()
        }
    }

    @Test func lastWillIsDeliveredWhenTheConnectionDiesAbruptly() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let aggregator = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let statuses = try await aggregator.subscribe(to: TestTopics.status("agent-a"))
            let will = MQTTLastWill(topic: TestTopics.status("agent-a"), payload: Array(#"{"state":"offline"}"#.utf8))
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA) { $0.lastWill = will }
            try await agent.publish(
                topic: TestTopics.status("agent-a"), payload: Array(#"{"state":"online"}"#.utf8), retain: true)
            #expect(try await collect(1, from: statuses).first?.payload == Array(#"{"state":"online"}"#.utf8))

            agent.core.severConnectionForTesting()

            let offline = try await collect(1, from: statuses)
            #expect(offline.first?.payload == will.payload)
            // The agent comes back by itself.
            try await withTimeout(30, "the agent reconnecting") { try await agent.waitUntilConnected() }
            await agent.shutdown()
            await aggregator.shutdown()
        }
    }

    @Test func cleanShutdownDoesNotPublishTheWillAndEndsSubscriptions() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let watcher = try await MQTTClient.connected(to: broker)
            let statuses = try await watcher.subscribe(to: TestTopics.status("agent-a"))
            let agent = try await MQTTClient.connected(to: broker) {
                $0.lastWill = MQTTLastWill(topic: TestTopics.status("agent-a"), payload: Array("offline".utf8))
            }
            let subscription = try await agent.subscribe(to: TestTopics.commands("agent-a"))
            let consumer = Task { () -> Int in
                var count = 0
                for try await _ in subscription { count += 1 }
                return count
            }
            try await agent.publish(topic: TestTopics.commands("agent-a"), payload: Array("one".utf8))

            await agent.shutdown()
            await agent.shutdown()  // idempotent

            let consumed = try await withTimeout(30, "the subscription ending") { try await consumer.value }
            #expect(consumed == 1)
            #expect(agent.connectionState == .shutDown)
            let error = await #expect(throws: MQTTError.self) {
                try await agent.publish(topic: TestTopics.events("agent-a"), payload: Array("late".utf8))
            }
            #expect(error?.code == .shutDown)
            // The will was not published: the next status message is the watcher's own marker.
            try await watcher.publish(topic: TestTopics.status("agent-a"), payload: Array("marker".utf8))
            #expect(try await collect(1, from: statuses).first?.payload == Array("marker".utf8))
            await watcher.shutdown()
        }
    }

    @Test func pipelinedPublishOf20000MessagesCompletesEachExactlyOnce() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let count = 20_000
            let subscriber = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator) {
                $0.subscriptionBufferCapacity = 50_000
            }
            let subscription = try await subscriber.subscribe(to: TestTopics.events("agent-a"))
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            let completions = Mutex([Int](repeating: 0, count: count))
            let failures = Mutex(0)
            let publisher = MQTTPipelinedPublisher(client: agent, window: 1000) { completion in
                completions.withLock { $0[Int(completion.tag)] += 1 }
                if case .failure = completion.result { failures.withLock { $0 += 1 } }
            }
            let receiving = Task { try await collect(count, from: subscription, within: 60) }
            try await withTimeout(60, "publishing \(count) messages") {
                for index in 0..<count {
                    var payload = [UInt8](repeating: 0x2e, count: 300)
                    withUnsafeBytes(of: UInt32(index).bigEndian) { payload.replaceSubrange(0..<4, with: $0) }
                    try await publisher.publish(
                        topic: TestTopics.events("agent-a"), payload: payload, tag: UInt64(index))
                    #expect(publisher.unacknowledgedCount <= 1000)
                }
                await publisher.waitForCompletion()
            }
            #expect(completions.withLock { $0.allSatisfy { $0 == 1 } })
            #expect(failures.withLock { $0 } == 0)
            let received = try await receiving.value
            let indices = received.map { message in
                message.payload.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            }
            #expect(Set(indices).count == count)
            await agent.shutdown()
            await subscriber.shutdown()
        }
    }

    @Test func concurrentAwaitedPublishesAllCompleteDespiteEarlyAcknowledgements() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let client = try await MQTTClient.connected(to: broker) { $0.maxUnacknowledgedMessages = 500 }
            let completed = MQTTTestCounter()
            try await withTimeout(60, "20,000 awaited publishes") {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<100 {
                        group.addTask {
                            for index in 0..<200 {
                                try await client.publish(
                                    topic: TestTopics.events("agent-a"), payload: Array("\(worker)-\(index)".utf8))
                                completed.increment()
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            #expect(completed.value == 20_000)
            #expect(client.core.window.inUse == 0)
            #expect(client.core.state.withLock { $0.pending.isEmpty && $0.early.isEmpty })
            await client.shutdown()
        }
    }

    @Test(arguments: [MQTTProtocolVersion.v3_1_1, .v5])
    func protocolVersionsRoundTripQoS1(version: MQTTProtocolVersion) async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let subscriber = try await MQTTClient.connected(to: broker) { $0.protocolVersion = version }
            let publisher = try await MQTTClient.connected(to: broker) { $0.protocolVersion = version }
            let subscription = try await subscriber.subscribe(to: "crossdock/v1/#")
            try await publisher.publish(
                topic: TestTopics.events("agent-a"), payload: Array("hello".utf8),
                properties: MQTTMessageProperties(contentType: "text/plain"))
            let message = try #require(try await collect(1, from: subscription).first)
            #expect(message.payload == Array("hello".utf8))
            // MQTT 3.1.1 has no properties: they are not sent.
            #expect(message.properties.contentType == (version == .v5 ? "text/plain" : nil))
            await publisher.shutdown()
            await subscriber.shutdown()
        }
    }

    @Test func connectingToAPortNobodyListensOnFailsClearly() async throws {
        var configuration = MQTTClientConfiguration(host: "127.0.0.1", port: 1)
        configuration.reconnect = MQTTReconnectPolicy(initialDelay: .milliseconds(10))
        let client = try MQTTClient(configuration: configuration)
        let error = await #expect(throws: MQTTError.self) {
            try await withTimeout(30, "a failing connect") { try await client.connect() }
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.message.contains("127.0.0.1:1") == true)
        await client.shutdown()
    }

    @Test func startRetriesUntilTheBrokerComesUp() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            await broker.stop()
            let client = try MQTTClient(configuration: broker.clientConfiguration())
            client.start()
            try await Task.sleep(for: .milliseconds(300))
            #expect(client.connectionState != .connected)
            try await broker.start()
            try await withTimeout(30, "connecting once the broker runs") { try await client.waitUntilConnected() }
            await client.shutdown()
        }
    }

    @Test func unreadableTLSFilesAreAConfigurationError() throws {
        let configuration = MQTTClientConfiguration(
            host: "127.0.0.1", port: 8883, tls: MQTTTLSConfiguration(caFile: "/nonexistent/ca.crt"))
        let error = #expect(throws: MQTTError.self) { try MQTTClient(configuration: configuration) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("/nonexistent/ca.crt") == true)
    }

    @Test func invalidTopicsAreRejectedBeforeSending() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let client = try await MQTTClient.connected(to: broker)
            let publishError = await #expect(throws: MQTTError.self) {
                try await client.publish(topic: "crossdock/v1/+/events", payload: Array("x".utf8))
            }
            #expect(publishError?.code == .invalidConfiguration)
            let subscribeError = await #expect(throws: MQTTError.self) {
                _ = try await client.subscribe(to: "crossdock/#/events")
            }
            #expect(subscribeError?.code == .invalidConfiguration)
            await client.shutdown()
        }
    }
}
