import Aggregator
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// Ingest in process against a real mosquitto over TLS (client certificates, crossdock ACL) and real SQLite files.
@Suite struct IngestServiceTests {
    @Test func aBatchIsStoredAndAcknowledgedWithItsRanges() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let ingest = try await RunningIngest(broker: broker, storePath: dir + "/events.sqlite")
                let agent = try await TestAgent(broker: broker)
                try await agent.publish(TestEvents.batch(agent.identity, sequences: 1...120))
                try await agent.publish(TestEvents.batch(agent.identity, sequences: 122...130))
                await agent.waitForAcks { _ in agent.acknowledged.stored == [1...120, 122...130] }
                #expect(agent.acknowledged.exceptions.isEmpty)
                #expect(try await ingest.store.counts().events == 129)
                let stored = try #require(
                    try await ingest.store.event(
                        source: TestEvents.source(of: agent.identity),
                        id: EventIDBuilder.fileRecord(fileIdentity: "bench-agent-a", offset: 57)))
                #expect(stored.sequence == 57)
                #expect(stored.subject == "SH-57")
                #expect(try stored.decoded() == TestEvents.milestone(agent.identity, sequence: 57))
                let record = try #require(try await ingest.store.agentRecord(for: agent.identity))
                #expect(record.received == [1...120, 122...130])
                await agent.stop()
                await ingest.stop()
            }
        }
    }

    @Test func anEventDeliveredFiveTimesIsStoredOnceAndAcknowledgedEachTime() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let ingest = try await RunningIngest(broker: broker, storePath: dir + "/events.sqlite")
                let agent = try await TestAgent(broker: broker)
                let batch = TestEvents.batch(agent.identity, sequences: 7...7)
                for delivery in 1...5 {
                    try await agent.publish(batch)
                    await agent.waitForAcks { $0.count == delivery }
                }
                #expect(agent.received.map(\.stored) == Array(repeating: [7...7], count: 5))
                #expect(try await ingest.store.counts().events == 1)
                #expect(ingest.service.statistics.snapshot.eventsStored == 1)
                #expect(ingest.service.statistics.snapshot.duplicates == 4)
                #expect(try await ingest.store.agentRecord(for: agent.identity)?.duplicates == 4)
                await agent.stop()
                await ingest.stop()
            }
        }
    }

    @Test func anEnvelopeWithAnotherAgentsIdentityBecomesAnException() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let ingest = try await RunningIngest(broker: broker, storePath: dir + "/events.sqlite")
                let agent = try await TestAgent(broker: broker, certificate: TestPKI.agentA)
                // agent-a publishes, on its own topic, an event claiming to come from agent-b.
                let impostor = TestEvents.milestone(TestEvents.identity(of: TestPKI.agentB), sequence: 3)
                let honest = TestEvents.milestone(agent.identity, sequence: 4)
                try await agent.publish(CloudEventBatch([impostor, honest]).encoded())
                await agent.waitForAcks { _ in agent.acknowledged.stored == [3...4] }
                #expect(agent.acknowledged.exceptions == [3...3])
                #expect(try await ingest.store.counts().events == 1)
                let exception = try #require(try await ingest.store.exceptions(limit: 10).first)
                #expect(exception.reason == .identityMismatch)
                #expect(exception.identity == agent.identity)
                #expect(exception.sequence == 3)
                #expect(exception.problemsJSON.contains(#""path":"$[0].agent""#))
                #expect(
                    exception.problemsJSON.contains(#"agent \"agent-b\" does not match the topic's agent \"agent-a\""#))
                #expect(try await ingest.store.event(source: impostor.source, id: impostor.id) == nil)
                await agent.stop()
                await ingest.stop()
            }
        }
    }

    @Test func malformedInputBecomesExceptionsAndIngestKeepsRunning() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let ingest = try await RunningIngest(broker: broker, storePath: dir + "/events.sqlite")
                let agent = try await TestAgent(broker: broker)
                let good = String(decoding: TestEvents.milestone(agent.identity, sequence: 1).encoded(), as: UTF8.self)
                // sequence 2: wrong types and a missing attribute; sequence 3: an unknown crossdock type.
                let wrongTypes = #"""
                    {"specversion":"1.0","id":17,"source":"/acme/dc1/agent-a/x","type":"com.crossdock.order.created.v1",
                     "tenant":"acme","site":"dc1","agent":"agent-a","sequence":2,"data":{"orderNumber":5}}
                    """#
                let unknownType = #"""
                    {"specversion":"1.0","id":"u-3","source":"/acme/dc1/agent-a/x",
                     "type":"com.crossdock.order.teleported.v1",
                     "time":"2026-12-01T07:12:00Z","tenant":"acme","site":"dc1","agent":"agent-a","sequence":3}
                    """#
                try await agent.publish(rawBatch("[\(good),\(wrongTypes),\(unknownType)]"))
                await agent.waitForAcks { _ in agent.acknowledged.stored == [1...3] }
                #expect(agent.acknowledged.exceptions == [2...3])

                try await agent.publish(rawBatch("this is not JSON"))
                try await agent.publish(rawBatch(#"{"not":"an array"}"#))
                // Still running: a later valid batch is stored and acknowledged.
                try await agent.publish(TestEvents.batch(agent.identity, sequences: 4...5))
                await agent.waitForAcks { _ in agent.acknowledged.stored == [1...5] }
                #expect(try await eventually { try await ingest.store.counts().exceptions == 4 })

                let exceptions = try await ingest.store.exceptions(limit: 10)
                let byReason = Dictionary(grouping: exceptions, by: \.reason)
                let invalid = try #require(byReason[.invalidEvent]?.first)
                for fragment in [
                    #""$[1].id""#, #""$[1].time""#, "missing required attribute", #""$[1].data.orderNumber""#,
                ] {
                    #expect(invalid.problemsJSON.contains(fragment), "\(fragment) missing in \(invalid.problemsJSON)")
                }
                #expect(
                    byReason[.unknownEventType]?.first?.problemsJSON.contains("com.crossdock.order.teleported.v1")
                        == true)
                let unreadable = try #require(byReason[.unreadableBatch])
                #expect(unreadable.count == 2)
                #expect(unreadable.allSatisfy { $0.sequence == nil && $0.identity == agent.identity })
                #expect(unreadable.contains { $0.raw == Array("this is not JSON".utf8) })
                #expect(unreadable.contains { $0.problemsJSON.contains("expected a batch") })
                #expect(try await ingest.store.counts().events == 3)
                await agent.stop()
                await ingest.stop()
            }
        }
    }

    @Test func sharedSubscriptionInstancesSplitTheLoadAndStoreEverythingOnce() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let filter = try TopicFilter.allEvents.shared(group: "ingest")
                var instances: [RunningIngest] = []
                for _ in 0..<3 {
                    instances.append(
                        try await RunningIngest(broker: broker, storePath: dir + "/events.sqlite", filter: filter))
                }
                let agents = [
                    try await TestAgent(broker: broker, certificate: TestPKI.agentA),
                    try await TestAgent(broker: broker, certificate: TestPKI.agentB),
                ]
                for start in stride(from: UInt64(1), through: 591, by: 10) {
                    for agent in agents {
                        try await agent.publish(TestEvents.batch(agent.identity, sequences: start...(start + 9)))
                    }
                }
                for agent in agents {
                    await agent.waitForAcks { _ in agent.acknowledged.stored == [1...600] }
                }
                #expect(try await instances[0].store.counts().events == 1_200)
                let perInstance = instances.map { $0.service.statistics.snapshot.batches }
                #expect(perInstance.reduce(0, +) == 120)
                #expect(perInstance.allSatisfy { $0 > 0 }, "batches per instance: \(perInstance)")
                #expect(instances.map { $0.service.statistics.snapshot.duplicates }.reduce(0, +) == 0)
                for agent in agents { await agent.stop() }
                for instance in instances { await instance.stop() }
            }
        }
    }
}
