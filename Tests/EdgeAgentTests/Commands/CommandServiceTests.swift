import CrossdockTesting
import EdgeAgent
import Foundation
import Shared
import Synchronization
import Testing
import WireProtocol

/// End to end over a real TLS broker: the aggregator identity publishes commands on the agent's commands topic,
/// the agent's CommandService writes them as files.
struct CommandServiceTests {
    @Test func commandsPublishedByTheAggregatorLandAsFilesOnceEach() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { directory in
                let inbound = directory + "/inbound"
                try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
                let events = CapturingEventSink()
                let processor = try CommandProcessor(
                    identity: TestCommands.identity,
                    sinks: [.orderReleased: FolderCommandSink(name: "wms", folder: inbound, format: .json)],
                    statePath: directory + "/commands.sqlite", eventSink: events)
                let topic = Topic(identity: TestCommands.identity, channel: .commands).name

                try await MQTTClient.withClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA)) {
                    agent in
                    try await agent.connect()
                    let service = Task {
                        try await CommandService(client: agent, identity: TestCommands.identity, processor: processor)
                            .run()
                    }
                    defer { service.cancel() }
                    try await MQTTClient.withClient(
                        configuration: broker.clientConfiguration(identity: TestPKI.aggregator)
                    ) { aggregator in
                        try await aggregator.connect()
                        // The subscription is granted asynchronously: repeat the first command until it lands (it is
                        // carried out once however often it arrives).
                        let first = TestCommands.batch(TestCommands.released())
                        for _ in 0..<600 where try FileManager.default.contentsOfDirectory(atPath: inbound).isEmpty {
                            try await aggregator.publish(topic: topic, payload: first, qos: .atLeastOnce)
                            try await Task.sleep(for: .milliseconds(100))
                        }
                        try await aggregator.publish(topic: topic, payload: first, qos: .atLeastOnce)
                        try await aggregator.publish(
                            topic: topic, payload: TestCommands.batch(TestCommands.released(id: "release-SO-10042-2")),
                            qos: .atLeastOnce)
                        for _ in 0..<600 where try FileManager.default.contentsOfDirectory(atPath: inbound).count < 2 {
                            try await Task.sleep(for: .milliseconds(100))
                        }
                    }
                    // Another agent's certificate may not publish commands to this agent.
                    try await MQTTClient.withClient(configuration: broker.clientConfiguration(identity: TestPKI.agentB))
                    {
                        intruder in
                        try await intruder.connect()
                        await #expect(throws: MQTTError.self) {
                            try await intruder.publish(
                                topic: topic, payload: TestCommands.batch(TestCommands.released(id: "forged")),
                                qos: .atLeastOnce)
                        }
                    }
                    service.cancel()
                }
                let files = try FileManager.default.contentsOfDirectory(atPath: inbound).sorted()
                #expect(files.count == 2)
                #expect(files.allSatisfy { $0.hasPrefix("SO-10042_") && $0.hasSuffix(".json") })
                let outcomes = await events.events
                #expect(outcomes.count == 2)
                #expect(outcomes.allSatisfy { $0.type == .commandCompleted })
                #expect(try await processor.processedCount() == 2)
            }
        }
    }

    /// A subscription that fails (here: on a client already shut down; on a clustered broker, a node still electing
    /// after a failure refuses it with SUBACK 0x80) does not end the service: it asks again every second.
    @Test func aFailedSubscriptionIsAskedForAgainInsteadOfEndingTheService() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { directory in
                let processor = try CommandProcessor(
                    identity: TestCommands.identity, sinks: [:], statePath: directory + "/commands.sqlite",
                    eventSink: CapturingEventSink())
                let client = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA))
                try await client.connect()
                await client.shutdown(drainTimeout: .seconds(1))
                await #expect(throws: MQTTError.self) { _ = try await client.subscribe(to: "crossdock/v1/x") }
                let ended = EndedFlag()
                let service = Task {
                    defer { ended.set() }
                    try await CommandService(client: client, identity: TestCommands.identity, processor: processor)
                        .run()
                }
                try await Task.sleep(for: .seconds(3))
                #expect(!ended.isSet, "the service ended after a failed subscription")
                service.cancel()
                let outcome = await service.result
                #expect(throws: Never.self) { try outcome.get() }
            }
        }
    }
}

/// Set once a task has ended.
private final class EndedFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
