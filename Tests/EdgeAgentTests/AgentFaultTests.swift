@testable import EdgeAgent
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The agent process with a file source under faults: `kill -9` while it reads with the broker going up and down,
/// and a long broker outage followed by a live-first drain.
///
/// CI sizes by default; the sizes with `CROSSDOCK_FAULT_RECORDS=100000 CROSSDOCK_FAULT_KILLS=20
/// CROSSDOCK_FAULT_OUTAGE_EVENTS=500000`.
struct AgentFaultTests {
    static let environment = ProcessInfo.processInfo.environment
    static let records = Int(environment["CROSSDOCK_FAULT_RECORDS"] ?? "") ?? 5_000
    static let kills = Int(environment["CROSSDOCK_FAULT_KILLS"] ?? "") ?? 3
    static let outageEvents = Int(environment["CROSSDOCK_FAULT_OUTAGE_EVENTS"] ?? "") ?? 20_000

    static func sourceYAML(path: String) -> String {
        """
        sources:
          - name: milestones
            type: file
            paths: [\(path)]
            format: jsonl
            poll_interval: 20ms
            batch_size: 1000
            mapping:
              type: com.crossdock.shipment.milestone.v1
              subject: n
              time: at
              fields:
                shipmentNumber: n
                statusCode: status
                eventTime: at
        """
    }

    static func lines(_ range: ClosedRange<Int>) -> String {
        range.map { "{\"n\":\"\($0)\",\"status\":\"X1\",\"at\":\"2026-11-27T09:15:00-05:00\"}\n" }.joined()
    }

    static func append(_ text: String, to path: String) throws {
        let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)!
        }()
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// `kill -9` at random moments while the agent reads, with the broker stopped during every other run: in the
    /// end every record arrived, under one sequence and one id each, sequences gap-free.
    @Test func killMinus9WhileReadingWithTheBrokerUpAndDownLosesAndDuplicatesNothing() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let path = dir + "/milestones.log"
                var harness = AgentHarness(broker: broker, dir: dir)
                harness.sourcesYAML = Self.sourceYAML(path: path)
                harness.forwarderYAML = "{batch_events: 1000, ack_timeout: 3s}"
                try Self.append(Self.lines(1...Self.records), to: path)
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let started = ContinuousClock.now
                var generator = SystemRandomNumberGenerator()
                for round in 0..<Self.kills {
                    if round % 2 == 1 { await broker.stop() } else if !broker.isRunning { try await broker.start() }
                    let agent = try harness.start()
                    try await Task.sleep(for: .milliseconds(Int.random(in: 150...900, using: &generator)))
                    agent.send(SIGKILL)
                    _ = try await waitForExit(agent, within: .seconds(60))
                }
                if !broker.isRunning { try await broker.start() }
                let runsUp = harness.log().components(separatedBy: "serving /metrics").count
                let agent = try harness.start()
                let total = UInt64(Self.records)
                #expect(await acknowledger.waitForDistinct(total, within: .seconds(180)), "\(harness.log().suffix(3_000))")
                // The records may all have arrived before this last run got going: SIGTERM it once it is up
                // (serving /metrics), since graceful shutdown is what is tested here, not a kill during start-up.
                for _ in 0..<1_500 where harness.log().components(separatedBy: "serving /metrics").count <= runsUp {
                    try await Task.sleep(for: .milliseconds(20))
                }
                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(60)) == 0, "\(harness.log().suffix(3_000))")
                #expect(acknowledger.distinctSequences == [1...total], "no record captured twice, none lost")
                #expect(acknowledger.conflicts.isEmpty, "\(acknowledger.conflicts.prefix(5))")
                let ids = Set(acknowledger.deliveries.map(\.id))
                #expect(ids.count == Self.records, "one id per record; redeliveries reuse it")
                print(
                    "kill -9 fault run: \(Self.records) records, \(Self.kills) kills, broker down every other run: "
                        + "\(ContinuousClock.now - started) until the final SIGTERM exit; \(acknowledger.deliveries.count) "
                        + "deliveries of \(ids.count) ids (\(acknowledger.deliveries.count - ids.count) redeliveries of "
                        + "the same id), sequences 1…\(total) gap-free: \(acknowledger.distinctSequences == [1...total])")
                await acknowledger.stop()
            }
        }
    }

    /// The broker is down while the source captures a long backlog; once it is back, records written then arrive
    /// within seconds while the backlog is still draining, and everything arrives.
    @Test func brokerDownForALongCaptureThenLiveRecordsOvertakeTheBacklog() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let path = dir + "/milestones.log"
                var harness = AgentHarness(broker: broker, dir: dir)
                harness.sourcesYAML = Self.sourceYAML(path: path)
                // The backlog takes about ten seconds to drain: long enough to see live records overtake it.
                harness.forwarderYAML = "{batch_events: 1000, backlog_rate: \(max(1_000, Self.outageEvents / 10)), ack_timeout: 10s}"
                let acknowledger = try await TestAcknowledger.start(broker: broker, recordEvents: true)
                _ = FileManager.default.createFile(atPath: path, contents: nil)
                let agent = try harness.start()
                try await Task.sleep(for: .milliseconds(500))
                await broker.stop()
                for start in stride(from: 1, through: Self.outageEvents, by: 10_000) {
                    try Self.append(Self.lines(start...min(Self.outageEvents, start + 9_999)), to: path)
                }
                var captured = false
                for _ in 0..<3_000 where !captured {
                    captured = (try? OutboxInspector.report(path: harness.outboxPath).backlog) == UInt64(Self.outageEvents)
                    if !captured { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(captured, "the source kept capturing into the outbox while the broker was down")
                let brokerBack = ContinuousClock.now
                try await broker.start()
                #expect(await acknowledger.waitForDistinct(1, within: .seconds(30)))
                let liveWritten = ContinuousClock.now
                try Self.append(Self.lines((Self.outageEvents + 1)...(Self.outageEvents + 10)), to: path)
                let live = SequenceRangeSet([UInt64(Self.outageEvents + 1)...UInt64(Self.outageEvents + 10)])
                var arrived = false
                for _ in 0..<3_000 where !arrived {
                    arrived = live.isSubset(of: acknowledger.distinctSequences)
                    if !arrived { try await Task.sleep(for: .milliseconds(10)) }
                }
                let liveLatency = ContinuousClock.now - liveWritten
                let backlogDoneWhenLiveArrived = acknowledger.distinctCount
                #expect(arrived, "live records stuck behind the backlog")
                #expect(acknowledger.distinctCount < UInt64(Self.outageEvents), "the backlog was still draining")
                let total = UInt64(Self.outageEvents + 10)
                #expect(await acknowledger.waitForDistinct(total, within: .seconds(300)))
                #expect(acknowledger.distinctSequences == [1...total])
                #expect(acknowledger.conflicts.isEmpty)
                print(
                    "outage fault run: \(Self.outageEvents) events captured with the broker down; live records arrived "
                        + "\(liveLatency) after they were written, with \(backlogDoneWhenLiveArrived) of the backlog "
                        + "delivered; everything (\(total)) delivered \(ContinuousClock.now - brokerBack) after the broker "
                        + "came back; \(acknowledger.deliveries.count) deliveries of \(acknowledger.distinctCount) sequences")
                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(60)) == 0)
                await acknowledger.stop()
            }
        }
    }
}
