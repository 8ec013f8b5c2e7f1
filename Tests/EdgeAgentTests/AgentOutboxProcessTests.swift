@testable import EdgeAgent
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#endif

/// `crossdock-agent` as a process with its outbox: forwarding, `/metrics`, `status`, SIGTERM, `doctor`.
struct AgentOutboxProcessTests {
    @Test func runForwardsTheOutboxServesMetricsAndStatusShowsTheBacklog() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let harness = AgentHarness(broker: broker, dir: dir)
                try await harness.prefill(5_000)
                let before = try await harness.command("status")
                #expect(before.status == 0)
                #expect(before.output.contains("backlog:        5000 events (sequences 1…5000)"), "\(before.output)")
                #expect(before.output.contains("orders: {\"offset\":5000}"), "\(before.output)")

                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let agent = try harness.start()
                #expect(await acknowledger.waitForDistinct(5_000, within: .seconds(60)), "\(harness.log().suffix(2_000))")
                let port = try #require(try await harness.metricsPort(within: .seconds(10)))
                var metrics = ""
                for _ in 0..<100 {
                    metrics = try await HTTPGet.fetch(port: port, path: "/metrics").body
                    if metrics.contains("crossdock_agent_outbox_acknowledged_events_total 5000") { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(metrics.contains("crossdock_agent_outbox_acknowledged_events_total 5000"), "\(metrics)")
                #expect(metrics.contains("crossdock_agent_outbox_backlog_events 0"))
                let health = try await HTTPGet.fetch(port: port, path: "/healthz")
                #expect(health.status == 200 && health.body.contains("broker: connected"))
                let after = try await harness.command("status")
                #expect(after.output.contains("backlog:        0 events"), "\(after.output)")
                #expect(!after.output.contains("last ack:       –"), "\(after.output)")

                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(60)) == 0, "\(harness.log().suffix(2_000))")
                #expect(acknowledger.conflicts.isEmpty)
                await acknowledger.stop()
            }
        }
    }

    /// SIGTERM in the middle of a drain: the agent exits 0 within seconds, and every event was either
    /// acknowledged (and received) or is still in the outbox for the next run.
    @Test func sigtermFinishesTheBatchExitsZeroAndLosesNothing() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                var harness = AgentHarness(broker: broker, dir: dir)
                harness.forwarderYAML = "{batch_events: 500, backlog_rate: 5000, ack_timeout: 5s}"
                let total = 30_000
                try await harness.prefill(total)
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let agent = try harness.start()
                #expect(await acknowledger.waitForDistinct(5_000, within: .seconds(60)))
                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(60)) == 0, "\(harness.log().suffix(2_000))")
                #expect(harness.log().contains("published offline status"))

                let outbox = try Outbox(path: harness.outboxPath, identity: OutboxFixture.identity)
                let remaining = try await outbox.records(after: 0, limit: total, maxBytes: .max).map(\.sequence)
                #expect(remaining.count < total - 4_000, "most of the drained events were acknowledged and deleted")
                var accounted = acknowledger.distinctSequences
                accounted.formUnion(SequenceRangeSet(remaining.map { $0...$0 }))
                #expect(accounted == [1...UInt64(total)], "every event acknowledged or still stored")
                await acknowledger.stop()
            }
        }
    }

    /// Rows whose bytes were damaged on disk are moved to `damaged_events`; every other row stays.
    @Test func doctorQuarantinesDamagedRowsAndKeepsTheRest() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let harness = AgentHarness(broker: broker, dir: dir)
                try await harness.prefill(50)
                #expect(try await harness.command("doctor").status == 0)

                // Put control characters (invalid in JSON strings) into the ids of events 17 and 33, on disk.
                var file = try Array(Data(contentsOf: URL(fileURLWithPath: harness.outboxPath)))
                for number in [17, 33] {
                    let needle = Array("\"id\":\"orders.csv:\(number)\"".utf8)
                    let start = try #require(Self.find(needle, in: file), "event \(number) not found in the file")
                    file[start + 6] = 0x01
                    file[start + 7] = 0x02
                }
                try Data(file).write(to: URL(fileURLWithPath: harness.outboxPath))

                let first = try await harness.command("doctor")
                #expect(first.status == 1, "\(first.output)")
                #expect(first.output.contains("2 damaged rows moved to damaged_events"), "\(first.output)")
                #expect(first.output.contains("sequence 17:") && first.output.contains("sequence 33:"))
                let report = try OutboxInspector.report(path: harness.outboxPath)
                #expect(report.backlog == 48 && report.damagedCount == 2)
                let outbox = try Outbox(path: harness.outboxPath, identity: OutboxFixture.identity)
                let kept = try await OutboxFixture.storedEvents(outbox).map(\.sequence)
                let expected: [UInt64] = (1...50).map { UInt64($0) }.filter { $0 != 17 && $0 != 33 }
                #expect(kept == expected)
                let second = try await harness.command("doctor")
                #expect(second.status == 0, "\(second.output)")
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
