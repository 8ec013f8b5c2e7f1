import CrossdockTesting
import Logging
import Testing

@testable import Shared

/// Subscription buffering, cancellation and the client's lifetime.
@Suite struct MQTTSubscriptionTests {
    @Test func aSlowConsumerGetsBackpressureAndLosesNothing() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let handler = CapturingLogHandler()
            let subscriber = try await MQTTClient.connected(
                to: broker, logger: Logger(label: "test.mqtt") { _ in handler }
            ) {
                $0.subscriptionBufferCapacity = 10
                $0.subscriptionOverflowWait = .milliseconds(20)
            }
            let subscription = try await subscriber.subscribe(to: TestTopics.events("agent-a"))
            let publisher = try await MQTTClient.connected(to: broker)
            // Nobody consumes while 300 messages arrive: the buffer of 10 fills, the network thread waits, and
            // then buffers beyond the capacity with a warning rather than dropping anything.
            for index in 0..<300 {
                try await publisher.publish(topic: TestTopics.events("agent-a"), payload: Array("\(index)".utf8))
            }
            try await Task.sleep(for: .milliseconds(300))
            let received = try await collect(300, from: subscription, within: 30)
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == (0..<300).map(String.init))
            let warnings = handler.entries.filter {
                $0.level == .warning && $0.message.contains("beyond the capacity of 10")
            }
            #expect(warnings.count == 1)
            await publisher.shutdown()
            await subscriber.shutdown()
        }
    }

    @Test func cancellingASubscriptionEndsItsStreamAndStopsDelivery() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            let client = try await MQTTClient.connected(to: broker)
            let cancelled = try await client.subscribe(to: TestTopics.commands("agent-a"))
            let kept = try await client.subscribe(to: "crossdock/v1/acme/dc1/+/commands")
            cancelled.cancel()
            var iterator = cancelled.makeAsyncIterator()
            #expect(try await iterator.next() == nil)
            try await client.publish(topic: TestTopics.commands("agent-a"), payload: Array("still here".utf8))
            #expect(try await collect(1, from: kept).first?.payload == Array("still here".utf8))
            await client.shutdown()
        }
    }

    @Test func theClientIsFreedAfterShutdown() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            weak var core: MQTTClientCore?
            do {
                let client = try await MQTTClient.connected(to: broker)
                core = client.core
                _ = try await client.subscribe(to: TestTopics.commands("agent-a"))
                try await client.publish(topic: TestTopics.events("agent-a"), payload: Array("x".utf8))
                await client.shutdown()
            }
            // Released by teardown after mosquitto_destroy, and by the client's last owners shortly after.
            for _ in 0..<100 where core != nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(core == nil)
        }
    }

    @Test func connectCanBeRetriedAfterAFailedFirstAttempt() async throws {
        try await TestBroker.withBroker(.plain) { broker in
            await broker.stop()
            let client = try MQTTClient(configuration: broker.clientConfiguration())
            await #expect(throws: MQTTError.self) {
                try await withTimeout(30, "a failing connect") { try await client.connect() }
            }
            if case .failed = client.connectionState {
            } else {
                Issue.record("expected the failed state, got \(client.connectionState)")
            }
            try await broker.start()
            try await withTimeout(30, "the second connect") { try await client.connect() }
            #expect(client.connectionState == .connected)
            await client.shutdown()
        }
    }
}

/// Shared subscriptions, as several aggregator instances use them.
@Suite struct MQTTSharedSubscriptionTests {
    @Test func sharedSubscriptionDeliversEachMessageOnceAcrossTheGroup() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            let first = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let second = try await MQTTClient.connected(to: broker, as: TestPKI.aggregator)
            let filter = "$share/crossdock/crossdock/v1/+/+/+/events"
            let firstMessages = try await first.subscribe(to: filter)
            let secondMessages = try await second.subscribe(to: filter)
            let agent = try await MQTTClient.connected(to: broker, as: TestPKI.agentA)
            for index in 0..<40 {
                try await agent.publish(topic: TestTopics.events("agent-a"), payload: Array("\(index)".utf8))
            }
            // Collect until all 40 arrived between the two members (bounded by the timeout).
            let counter = MQTTTestCounter()
            let seen = try await withTimeout(20, "40 messages across the group") {
                try await withThrowingTaskGroup(of: [String].self) { group in
                    for subscription in [firstMessages, secondMessages] {
                        group.addTask {
                            var payloads: [String] = []
                            for try await message in subscription {
                                #expect(message.topic == TestTopics.events("agent-a"))
                                payloads.append(String(decoding: message.payload, as: UTF8.self))
                                counter.increment()
                                if counter.value >= 40 { break }
                            }
                            return payloads
                        }
                    }
                    // Whoever sees the 40th ends the other by cancelling its subscription.
                    var all: [String] = []
                    if let one = try await group.next() { all += one }
                    firstMessages.cancel()
                    secondMessages.cancel()
                    for try await other in group { all += other }
                    return all
                }
            }
            #expect(seen.sorted() == (0..<40).map(String.init).sorted())
            await agent.shutdown()
            await first.shutdown()
            await second.shutdown()
        }
    }
}
