@testable import EdgeAgent
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The forwarder against a real TLS broker and an acknowledging subscriber, over real outbox files.
struct ForwarderTests {
    /// A forwarder running in a task, with its MQTT client.
    struct Running {
        let forwarder: Forwarder
        let client: MQTTClient
        let task: Task<Void, any Error>

        func stop() async throws {
            task.cancel()
            _ = await task.result
            await client.shutdown(drainTimeout: .seconds(1))
        }
    }

    static func start(_ outbox: Outbox, broker: TestBroker, settings: ForwarderSettings) throws -> Running {
        let client = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA))
        let forwarder = Forwarder(outbox: outbox, client: client, settings: settings)
        return Running(forwarder: forwarder, client: client, task: Task { try await forwarder.run() })
    }

    static func waitForBacklog(_ outbox: Outbox, toBe expected: UInt64, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await outbox.statistics().backlog == expected { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await outbox.statistics().backlog == expected
    }

    /// Rows stay in the outbox after the broker's PUBACK and go only when the aggregator's ack says stored.
    @Test func rowsAreDeletedOnlyWhenTheAggregatorAcknowledges() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let acknowledger = try await TestAcknowledger.start(broker: broker, acknowledging: false)
                let outbox = try OutboxFixture.open(dir)
                // No early resend after the connect: the first 120 events must stay unacknowledged to the end.
                let settings = ForwarderSettings(batchEvents: 50, ackTimeoutAfterConnect: .seconds(30))
                let running = try Self.start(outbox, broker: broker, settings: settings)
                try await outbox.append(OutboxFixture.events(1...120), cursor: OutboxFixture.cursor(120))
                #expect(await acknowledger.waitForDistinct(120, within: .seconds(20)))
                try await Task.sleep(for: .milliseconds(300))
                #expect(try await outbox.statistics().backlog == 120, "PUBACK alone must not delete rows")
                #expect(await running.forwarder.statusFigures().backlog == 120)

                acknowledger.isAcknowledging = true
                try await outbox.append(OutboxFixture.events(121...130), cursor: OutboxFixture.cursor(130))
                // Only the new batch is acknowledged: exactly its rows go.
                #expect(try await Self.waitForBacklog(outbox, toBe: 120, within: .seconds(20)))
                #expect(try await outbox.records(after: 0, limit: 1_000, maxBytes: .max).map(\.sequence)
                    == (1...120).map { UInt64($0) })
                #expect(await running.forwarder.statusFigures().lastAckAt != nil)
                try await running.stop()
                await acknowledger.stop()
            }
        }
    }

    /// A batch without an ack within `ack_timeout` goes again, with the same ids; the acknowledger sees every
    /// sequence under one id only.
    @Test func unacknowledgedBatchesAreResentAfterTheTimeoutWithTheSameIDs() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let acknowledger = try await TestAcknowledger.start(broker: broker, acknowledging: false)
                let outbox = try OutboxFixture.open(dir)
                let settings = ForwarderSettings(batchEvents: 25, ackTimeout: .seconds(1))
                let running = try Self.start(outbox, broker: broker, settings: settings)
                try await outbox.append(OutboxFixture.events(1...100), cursor: OutboxFixture.cursor(100))
                #expect(await acknowledger.waitForDeliveries(200, within: .seconds(20)), "resent after the timeout")
                acknowledger.isAcknowledging = true
                #expect(try await Self.waitForBacklog(outbox, toBe: 0, within: .seconds(20)))
                #expect(acknowledger.distinctSequences == [1...100])
                #expect(acknowledger.conflicts.isEmpty, "\(acknowledger.conflicts.prefix(3))")
                let ids = Dictionary(grouping: acknowledger.deliveries, by: \.sequence).mapValues { Set($0.map(\.id)) }
                #expect(ids.values.allSatisfy { $0.count == 1 })
                try await running.stop()
                await acknowledger.stop()
            }
        }
    }

    /// The broker stops for a while during capture and comes back: every event arrives and is acknowledged.
    @Test func brokerDownForAWhileThenBackLosesNothing() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let outbox = try OutboxFixture.open(dir)
                let running = try Self.start(outbox, broker: broker, settings: ForwarderSettings(ackTimeout: .seconds(3)))
                try await outbox.append(OutboxFixture.events(1...500), cursor: OutboxFixture.cursor(500))
                #expect(await acknowledger.waitForDistinct(500, within: .seconds(20)))
                await broker.stop()
                for batch in stride(from: 501, through: 2_500, by: 100) {
                    try await outbox.append(OutboxFixture.events(batch...(batch + 99)), cursor: OutboxFixture.cursor(batch + 99))
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try await outbox.statistics().backlog == 2_000, "nothing is deleted while the broker is away")
                try await broker.start()
                #expect(await acknowledger.waitForDistinct(2_500, within: .seconds(60)))
                #expect(try await Self.waitForBacklog(outbox, toBe: 0, within: .seconds(30)))
                #expect(acknowledger.distinctSequences == [1...2_500])
                #expect(acknowledger.conflicts.isEmpty)
                try await running.stop()
                await acknowledger.stop()
            }
        }
    }

    /// Batches published before the aggregator subscribes (as after a broker restart, when every client reconnects
    /// in any order) reach no one; they are resent after `ack_timeout_after_connect`, not after the full ack timeout.
    @Test func batchesPublishedBeforeTheAggregatorSubscribesAreResentWithoutWaitingForTheAckTimeout() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let outbox = try OutboxFixture.open(dir)
                try await outbox.append(OutboxFixture.events(1...500), cursor: OutboxFixture.cursor(500))
                let settings = ForwarderSettings(
                    batchEvents: 100, ackTimeout: .seconds(600), ackTimeoutAfterConnect: .milliseconds(500))
                let running = try Self.start(outbox, broker: broker, settings: settings)
                // Every batch goes out to a broker with no subscriber yet.
                let published = ContinuousClock.now + .seconds(30)
                while try await outbox.statistics().backlog == 500, ContinuousClock.now < published {
                    if running.forwarder.isConnected { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .seconds(1))
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                // Far inside the 600 s ack timeout: only the resend after connect can bring them.
                #expect(await acknowledger.waitForDistinct(500, within: .seconds(60)))
                #expect(try await Self.waitForBacklog(outbox, toBe: 0, within: .seconds(30)))
                #expect(acknowledger.distinctSequences == [1...500])
                #expect(acknowledger.conflicts.isEmpty)
                try await running.stop()
                await acknowledger.stop()
            }
        }
    }

    /// With a long backlog draining at a limited rate, events captured meanwhile overtake it: they arrive while
    /// the backlog is still draining, not after it.
    @Test func liveEventsOvertakeALongBacklogDrain() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let outbox = try OutboxFixture.open(dir)
                let backlog = 20_000
                for batch in stride(from: 1, through: backlog, by: 1_000) {
                    try await outbox.append(OutboxFixture.events(batch...(batch + 999)), cursor: OutboxFixture.cursor(batch + 999))
                }
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                // 2,000 events/s: the backlog needs about 10 s.
                let settings = ForwarderSettings(batchEvents: 500, backlogRate: 2_000)
                let running = try Self.start(outbox, broker: broker, settings: settings)
                #expect(await acknowledger.waitForDistinct(1_000, within: .seconds(20)))
                try await outbox.append(
                    OutboxFixture.events((backlog + 1)...(backlog + 10)), cursor: OutboxFixture.cursor(backlog + 10))
                let live = (UInt64(backlog) + 1)...(UInt64(backlog) + 10)
                var arrived = false
                for _ in 0..<3_000 where !arrived {
                    arrived = SequenceRangeSet([live]).isSubset(of: acknowledger.distinctSequences)
                    if !arrived { try await Task.sleep(for: .milliseconds(10)) }
                }
                #expect(arrived, "live events stuck behind the backlog")
                #expect(acknowledger.distinctCount < UInt64(backlog), "the backlog was still draining")
                #expect(await acknowledger.waitForDistinct(UInt64(backlog + 10), within: .seconds(60)))
                #expect(try await Self.waitForBacklog(outbox, toBe: 0, within: .seconds(20)))
                try await running.stop()
                await acknowledger.stop()
            }
        }
    }
}
