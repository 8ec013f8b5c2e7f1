import Aggregator
import CrossdockTesting
import Logging
import Shared
import Synchronization
import Testing
import WireProtocol

/// An in-process ingest: its own MQTT client (aggregator certificate), a real SQLite store and the service running
/// in a task.
final class RunningIngest: Sendable {
    let client: MQTTClient
    let store: SQLiteEventStore
    let service: IngestService
    private let task: Task<Void, any Error>

    init(broker: TestBroker, storePath: String, filter: String = TopicFilter.allEvents.pattern) async throws {
        client = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
        try await client.connect()
        store = try SQLiteEventStore(path: storePath)
        let service = IngestService(client: client, store: store, topicFilter: filter)
        self.service = service
        task = Task { try await service.run() }
        try await withTimeout(.seconds(60)) { await service.waitUntilSubscribed() }
    }

    /// Stops the service (as cancellation does), the client and the store.
    func stop() async {
        task.cancel()
        _ = await task.result
        await client.shutdown()
        await store.close()
    }
}

/// An agent's side of the conversation: publishes batches to its `events` and collects the acks it receives.
final class TestAgent: Sendable {
    let identity: AgentIdentity
    let client: MQTTClient
    private let acks = AckLog()
    private let reader: Task<Void, Never>

    init(broker: TestBroker, certificate: PKIIdentity = TestPKI.agentA) async throws {
        identity = TestEvents.identity(of: certificate)
        client = try MQTTClient(configuration: broker.clientConfiguration(identity: certificate))
        try await client.connect()
        let subscription = try await client.subscribe(to: identity.topic(.acks).name)
        let acks = self.acks
        reader = Task {
            do {
                for try await message in subscription {
                    if let ack = try? AckMessage(jsonBytes: message.payload) { acks.append(ack) }
                }
            } catch {}
        }
    }

    /// Publishes `payload` to this agent's events topic and waits for the broker's PUBACK.
    func publish(_ payload: [UInt8]) async throws {
        try await client.publish(topic: identity.topic(.events).name, payload: payload)
    }

    /// Every ack received so far.
    var received: [AckMessage] { acks.all }

    /// The union of every ack's `stored` and `exceptions`.
    var acknowledged: (stored: SequenceRangeSet, exceptions: SequenceRangeSet) {
        received.reduce(into: (SequenceRangeSet(), SequenceRangeSet())) { result, ack in
            result.0.formUnion(ack.stored)
            result.1.formUnion(ack.exceptions)
        }
    }

    /// Waits (at most `limit`) until `condition` holds for the acks received; records an issue if it never does.
    @discardableResult
    func waitForAcks(
        within limit: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        _ condition: ([AckMessage]) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition(received) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("acks not as expected within \(limit): \(received)", sourceLocation: sourceLocation)
        return false
    }

    func stop() async {
        reader.cancel()
        await client.shutdown()
    }
}

/// Polls `condition` every 20 ms for at most `limit`.
func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A batch in the wire format from raw JSON text, for malformed input.
func rawBatch(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The acks an agent received, shared with the task that reads them.
final class AckLog: Sendable {
    private let acks = Mutex<[AckMessage]>([])

    func append(_ ack: AckMessage) { acks.withLock { $0.append(ack) } }

    var all: [AckMessage] { acks.withLock { $0 } }
}
