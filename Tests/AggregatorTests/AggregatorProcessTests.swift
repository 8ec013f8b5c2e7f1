import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `crossdock-aggregator run` as a real process against a real TLS broker: SIGTERM, kill -9 and redelivery.
struct AggregatorProcessTests {
    @Test func sigtermFinishesAndExitsZero() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let aggregator = try await startAggregator(broker: broker, dir: dir)
                let agent = try await TestAgent(broker: broker)
                try await agent.publish(TestEvents.batch(agent.identity, sequences: 1...50))
                await agent.waitForAcks { _ in agent.acknowledged.stored == [1...50] }
                aggregator.send(SIGTERM)
                let status = try await waitForExit(aggregator, within: .seconds(20))
                let log = (try? String(contentsOfFile: "\(dir)/aggregator.log", encoding: .utf8)) ?? ""
                #expect(status == 0, "aggregator log: \(log)")
                #expect(log.contains("ingest stopped"))
                #expect(log.contains("crossdock-aggregator stopped"))
                await agent.stop()
            }
        }
    }

    /// The aggregator dies (kill -9) while batches are arriving; the agent sends again whatever was not
    /// acknowledged, as its outbox does; after a restart every event is stored exactly once and acknowledged.
    @Test func killMinus9BetweenReceiveAndAckLosesNothingAndStoresOnce() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let batches: [ClosedRange<UInt64>] = (UInt64(0)..<200).map { index in
                    (index * 50 + 1)...(index * 50 + 50)
                }
                let agent = try await TestAgent(broker: broker)
                let first = try await startAggregator(broker: broker, dir: dir)
                // Kill it between storing and acknowledging: while the agent publishes, watch the store; when it
                // holds events whose ack has not reached the agent, freeze the process (SIGSTOP) and, if after a
                // moment the ack still has not arrived, kill it as it stands; otherwise let it go on (SIGCONT).
                let database = try SQLiteConnection(
                    path: dir + "/events.sqlite", options: SQLiteConnection.Options(readOnly: true))
                func storedCount() throws -> Int64 { try database.scalar("SELECT count(*) FROM events")?.integer ?? 0 }
                let publishing = Task {
                    for range in batches.dropLast(20) where !Task.isCancelled {
                        try await agent.publish(TestEvents.batch(agent.identity, sequences: range))
                    }
                }
                var caughtBetweenStoreAndAck = false
                let deadline = ContinuousClock.now + .seconds(60)
                while !caughtBetweenStoreAndAck && ContinuousClock.now < deadline {
                    if try storedCount() > Int64(agent.acknowledged.stored.count) {
                        first.send(SIGSTOP)
                        try await Task.sleep(for: .milliseconds(300))
                        if try storedCount() > Int64(agent.acknowledged.stored.count) {
                            caughtBetweenStoreAndAck = true
                            break
                        }
                        first.send(SIGCONT)
                    }
                    if agent.acknowledged.stored.count >= 9_000 { break }
                    try await Task.sleep(for: .milliseconds(1))
                }
                publishing.cancel()
                _ = await publishing.result
                #expect(caughtBetweenStoreAndAck, "never caught stored events without their ack")
                first.send(SIGKILL)
                _ = try await waitForExit(first, within: .seconds(10))
                try await Task.sleep(for: .milliseconds(500))  // acks the broker already had arrive
                let ackedBeforeKill = agent.acknowledged.stored
                let storedAtKill = try database.scalar("SELECT count(*) FROM events")?.integer ?? 0
                #expect(storedAtKill >= Int64(ackedBeforeKill.count))

                let second = try await startAggregator(broker: broker, dir: dir, log: "aggregator-2.log")
                // The agent's redelivery: every batch not fully acknowledged is sent again.
                var resent = 0
                for range in batches where !range.allSatisfy({ ackedBeforeKill.contains($0) }) {
                    try await agent.publish(TestEvents.batch(agent.identity, sequences: range))
                    resent += 1
                }
                #expect(resent > 0)
                await agent.waitForAcks(within: .seconds(60)) { _ in agent.acknowledged.stored == [1...10_000] }
                #expect(agent.acknowledged.exceptions.isEmpty)
                second.send(SIGTERM)
                #expect(try await waitForExit(second, within: .seconds(20)) == 0)
                await agent.stop()

                let store = try SQLiteEventStore(path: dir + "/events.sqlite")
                #expect(try await store.counts().events == 10_000)
                let record = try #require(try await store.agentRecord(for: agent.identity))
                #expect(record.received == [1...10_000])
                #expect(record.events == 10_000)
                // Every event stored before the kill whose ack never arrived came again and was recognised as a
                // duplicate (acks cover whole batches, and only batches not fully acknowledged were sent again).
                #expect(record.duplicates == storedAtKill - Int64(ackedBeforeKill.count))
                print(
                    "kill -9: \(storedAtKill) events stored, \(ackedBeforeKill.count) acknowledged before the kill; "
                        + "\(resent) batches resent; \(record.duplicates) redelivered events were already stored")
                await store.close()
            }
        }
    }

    private func startAggregator(broker: TestBroker, dir: String, log: String = "aggregator.log") async throws
        -> ChildProcess
    {
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[TestPKI.aggregator])
        try """
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls:
            ca_file: \(pki.authority.certificateFile)
            cert_file: \(certificate.certificateFile)
            key_file: \(certificate.keyFile)
        store: {path: \(dir)/events.sqlite}
        systems: {default_agent_origin: tms}   # the test agents publish freight milestones
        """.write(toFile: "\(dir)/aggregator.yaml", atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", "\(dir)/aggregator.yaml"], outputFile: "\(dir)/\(log)")
        let subscribed = await eventually(within: .seconds(20)) {
            ((try? String(contentsOfFile: "\(dir)/\(log)", encoding: .utf8)) ?? "").contains("ingest subscribed")
        }
        #expect(subscribed, "not subscribed: \((try? String(contentsOfFile: "\(dir)/\(log)", encoding: .utf8)) ?? "")")
        return process
    }
}
