#if canImport(Glibc)
import Glibc
#endif
import Aggregator
import AggregatorPostgreSQL
import CrossdockTesting
import Logging
import Shared
import Synchronization
import WireProtocol

/// The two runs of `crossdock-bench ingest` for one number of agents: the broker baseline and the ingest.
struct IngestRun {
    /// The agent certificates the runs publish with (the test PKI issues the last two on request).
    static let identities: [PKIIdentity] = [
        TestPKI.agentA, TestPKI.agentB, .agent(tenant: "acme", site: "dc2", agent: "agent-c"),
        .agent(tenant: "globex", site: "chi1", agent: "agent-d"),
    ]

    let broker: TestBroker
    let agentCount: Int
    let events: Int
    let batchSize: Int
    let window: Int
    let durability: SQLiteConnection.Options.Durability
    /// The server the PostgreSQL run stores into (a fresh database per run), or `nil` for the SQLite run.
    var postgres: TestPostgres? = nil
    let timeout: Duration
    let logger: Logger

    /// One agent's pre-encoded batches.
    struct Agent: Sendable {
        let certificate: PKIIdentity
        let identity: AgentIdentity
        let batches: [[UInt8]]
        let events: UInt64
    }

    /// Encodes every agent's batches, before any clock starts.
    func prepare() -> [Agent] {
        Self.identities.prefix(agentCount).enumerated().map { index, certificate in
            let identity = TestEvents.identity(of: certificate)
            let count = UInt64(events / agentCount + (index < events % agentCount ? 1 : 0))
            let batches = stride(from: UInt64(1), through: count, by: batchSize).map { first in
                TestEvents.batch(identity, sequences: first...min(count, first + UInt64(batchSize) - 1))
            }
            return Agent(certificate: certificate, identity: identity, batches: batches, events: count)
        }
    }

    /// Publish → subscribe of the same messages, nothing decoded or stored.
    func baseline(_ agents: [Agent]) async throws -> IngestRunResult {
        let total = agents.reduce(0) { $0 + $1.batches.count }
        var configuration = broker.clientConfiguration(identity: TestPKI.aggregator)
        configuration.subscriptionBufferCapacity = 100_000
        let subscriber = try MQTTClient(configuration: configuration, logger: logger)
        try await subscriber.connect()
        let subscription = try await subscriber.subscribe(to: TopicFilter.allEvents.pattern)
        let publishers = try await connectPublishers(agents)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.processCPUSeconds()
        let completed = await finishes {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var received = 0
                    for try await _ in subscription {
                        received += 1
                        if received == total { return }
                    }
                }
                addPublishing(agents, publishers, to: &group)
                try await group.waitForAll()
            }
        }
        let elapsed = clock.now - start
        let cpu = Self.processCPUSeconds() - cpuStart
        subscription.cancel()
        for publisher in publishers { await publisher.shutdown(drainTimeout: .zero) }
        await subscriber.shutdown(drainTimeout: .zero)
        return IngestRunResult(
            name: "broker only: publish → subscribe", agents: agents.count, events: events, batches: total,
            seconds: elapsed.secondsValue, cpuSeconds: cpu, completed: completed, note: completed ? "" : "timed out")
    }

    /// Publish → ingest (decode, validate, dedup, store, commit) → ack → every agent has every ack.
    func ingest(_ agents: [Agent]) async throws -> IngestRunResult {
        try await withTemporaryDirectory { dir in
            let total = agents.reduce(0) { $0 + $1.batches.count }
            let client = try MQTTClient(
                configuration: broker.clientConfiguration(identity: TestPKI.aggregator), logger: logger)
            try await client.connect()
            let store: any EventStore
            if let postgres {
                let database = "ingest_\(agents.count)_\(UInt32.random(in: 0...UInt32.max))"
                try postgres.psql("CREATE DATABASE \(database)")
                store = try await PostgreSQLEventStore.connect(
                    settings: PostgreSQLStoreSettings(
                        host: postgres.host, port: postgres.port, database: database, user: postgres.user,
                        password: Secret(postgres.password, origin: "benchmark"), tls: .disable))
            } else {
                store = try SQLiteEventStore(path: dir + "/events.sqlite", durability: durability)
            }
            let service = IngestService(client: client, store: store, logger: logger)
            let serviceTask = Task { try await service.run() }
            await service.waitUntilSubscribed()
            let publishers = try await connectPublishers(agents)
            var subscriptions: [MQTTSubscription] = []
            for (agent, publisher) in zip(agents, publishers) {
                subscriptions.append(try await publisher.subscribe(to: agent.identity.topic(.acks).name))
            }
            let ackStreams = subscriptions
            let clock = ContinuousClock()
            let start = clock.now
            let cpuStart = Self.processCPUSeconds()
            let completed = await finishes {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (agent, acks) in zip(agents, ackStreams) {
                        group.addTask {
                            var acknowledged = SequenceRangeSet()
                            for try await message in acks {
                                acknowledged.formUnion(try AckMessage(jsonBytes: message.payload).stored)
                                if acknowledged.ranges == [1...agent.events] { return }
                            }
                        }
                    }
                    addPublishing(agents, publishers, to: &group)
                    try await group.waitForAll()
                }
            }
            let elapsed = clock.now - start
            let cpu = Self.processCPUSeconds() - cpuStart
            serviceTask.cancel()
            _ = await serviceTask.result
            for publisher in publishers { await publisher.shutdown(drainTimeout: .zero) }
            await client.shutdown(drainTimeout: .zero)
            let stored = try await store.counts().events
            await store.close()
            let statistics = service.statistics.snapshot
            var note = "\(statistics.transactions) transactions"
            if !completed { note = "timed out; " + note }
            if stored != events { note += "; STORED \(stored) OF \(events)" }
            return IngestRunResult(
                name: "ingest: decode + validate + dedup + \(postgres == nil ? "SQLite" : "PostgreSQL") + ack",
                agents: agents.count, events: events,
                batches: total, seconds: elapsed.secondsValue, cpuSeconds: cpu,
                completed: completed && stored == events, note: note)
        }
    }

    private func connectPublishers(_ agents: [Agent]) async throws -> [MQTTClient] {
        var clients: [MQTTClient] = []
        for agent in agents {
            var configuration = broker.clientConfiguration(identity: agent.certificate)
            configuration.maxInflightMessages = window
            let client = try MQTTClient(configuration: configuration, logger: logger)
            try await client.connect()
            clients.append(client)
        }
        return clients
    }

    private func addPublishing(
        _ agents: [Agent], _ publishers: [MQTTClient], to group: inout ThrowingTaskGroup<Void, any Error>
    ) {
        for (agent, client) in zip(agents, publishers) {
            let window = self.window
            group.addTask {
                let failures = Mutex(0)
                let pipeline = MQTTPipelinedPublisher(client: client, window: window) { completion in
                    if case .failure = completion.result { failures.withLock { $0 += 1 } }
                }
                let topic = agent.identity.topic(.events).name
                for batch in agent.batches { try await pipeline.publish(topic: topic, payload: batch) }
                await pipeline.waitForCompletion()
                if failures.withLock({ $0 }) > 0 { throw BenchmarkError("\(agent.identity): publishes failed") }
            }
        }
    }

    /// User + system CPU time of this process so far (publishers, subscriber or ingest; not the broker).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Runs `body` within the timeout; false if it timed out or failed.
    private func finishes(_ body: @escaping @Sendable () async throws -> Void) async -> Bool {
        do {
            try await withTimeout(timeout, body)
            return true
        } catch {
            print("  run did not finish: \(error)")
            return false
        }
    }
}
