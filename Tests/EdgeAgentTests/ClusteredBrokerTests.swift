import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

@testable import EdgeAgent

#if canImport(Glibc)
    import Glibc
#endif

/// crossdock on a clustered broker that speaks only MQTT 3.1.1: two `crossdock-agent run` processes → a 3-node NATS
/// cluster (JetStream, MQTT listener; plain TCP on loopback) → `crossdock-aggregator run`, with the node the
/// aggregator and the first agent are connected to killed (SIGKILL) while the events flow.
///
/// The aggregator and one agent are configured `protocol: auto` (they try MQTT 5, are refused, and fall back), the
/// other agent `mqtt311`; each lists the three nodes, starting at a different one. Asserted: every event is stored
/// exactly once, both outboxes drain (the aggregator's acks came back), the processes that lost their node
/// reconnected to another one, and everything stops cleanly on SIGTERM. The elapsed times are printed, not asserted.
@Suite(.serialized) struct ClusteredBrokerTests {
    static let eventsPerAgent = 12_000
    static let agents = [
        (identity: try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a"), protocolChoice: "auto", first: 0),
        (identity: try! AgentIdentity(tenant: "acme", site: "dc2", agent: "agent-b"), protocolChoice: "mqtt311", first: 1),
    ]

    @Test func eventsSurviveAKilledNodeAndAreStoredExactlyOnce() async throws {
        try await TestNATSCluster.withCluster { cluster in
            try await withTemporaryDirectory { dir in
                try await run(cluster: cluster, dir: dir)
            }
        }
    }

    private func run(cluster: TestNATSCluster, dir: String) async throws {
        let total = Self.eventsPerAgent * Self.agents.count
        let aggregator = try await startAggregator(cluster: cluster, dir: dir)
        var agentProcesses: [ChildProcess] = []
        for agent in Self.agents {
            try await prefill(agent.identity, dir: dir)
            agentProcesses.append(try startAgent(agent.identity, protocolChoice: agent.protocolChoice,
                                                 first: agent.first, cluster: cluster, dir: dir))
        }
        let diagnostics = { "\n\(Self.logTails(dir: dir))\nNATS:\n\(cluster.logTails())" }
        let clock = ContinuousClock()
        let started = clock.now

        // Kill node 1 (the aggregator's and agent-a's) once a fifth of the events is stored.
        let someStored = await eventually(within: .seconds(120)) { Self.storedCount(dir: dir) >= total / 5 }
        #expect(someStored, "nothing stored before the kill: \(diagnostics())")
        let beforeKill = Self.storedCount(dir: dir)
        cluster.kill(node: 0)
        let killed = clock.now

        // Stored again after the kill: the aggregator and the agents reached the surviving nodes.
        let resumed = await eventually(within: .seconds(120)) { Self.storedCount(dir: dir) > beforeKill }
        let resumedAfter = clock.now - killed
        #expect(resumed, "nothing stored after the kill: \(diagnostics())")

        // Everything arrives, and every outbox drains: acks came back through the cluster.
        let drained = await eventually(within: .seconds(240)) {
            guard Self.storedCount(dir: dir) >= total else { return false }
            return Self.agents.allSatisfy { Self.backlog($0.identity, dir: dir) == 0 }
        }
        let elapsed = clock.now - started
        let drainedAfterKill = clock.now - killed
        #expect(drained, "stored \(Self.storedCount(dir: dir)) of \(total); \(diagnostics())")

        // Exactly once: as many rows as events, every agent's sequence numbers 1…N once each.
        let store = try SQLiteConnection(path: "\(dir)/events.sqlite")
        for agent in Self.agents {
            let row = try store.rows(
                "SELECT count(*), count(DISTINCT sequence), min(sequence), max(sequence) FROM events WHERE agent = ?",
                [.text(agent.identity.agent)])[0]
            #expect(row[0].integer == Int64(Self.eventsPerAgent) && row[1].integer == Int64(Self.eventsPerAgent))
            #expect(row[2].integer == 1 && row[3].integer == Int64(Self.eventsPerAgent))
        }
        #expect(try store.scalar("SELECT count(*) FROM events")?.integer == Int64(total))
        #expect(try store.scalar("SELECT count(*) FROM exceptions")?.integer == 0)

        // The processes on the killed node reconnected elsewhere; `auto` fell back to 3.1.1 once per process.
        let aggregatorLog = Self.log("aggregator", dir: dir)
        let agentALog = Self.log("agent-a", dir: dir)
        #expect(aggregatorLog.components(separatedBy: "MQTT connected").count - 1 >= 2, "\(diagnostics())")
        #expect(agentALog.components(separatedBy: "MQTT connected").count - 1 >= 2, "\(diagnostics())")
        #expect(aggregatorLog.components(separatedBy: "speaking MQTT 3.1.1 from now on").count - 1 == 1)
        #expect(agentALog.components(separatedBy: "speaking MQTT 3.1.1 from now on").count - 1 == 1)
        #expect(!Self.log("agent-b", dir: dir).contains("speaking MQTT 3.1.1 from now on"))

        for process in agentProcesses + [aggregator] { process.send(SIGTERM) }
        for process in agentProcesses + [aggregator] {
            #expect(try await waitForExit(process, within: .seconds(60)) == 0, "\(diagnostics())")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            """
            clustered broker: \(total) events from \(Self.agents.count) agents through 3 NATS nodes (one killed after \
            \(beforeKill) stored) in \(elapsed) (\(Int(Double(total) / seconds)) events/s, including the failover); \
            storing went on \(resumedAfter) after the kill, everything stored and acknowledged \(drainedAfterKill) after it
            """)
    }

    // MARK: - Processes

    private func startAggregator(cluster: TestNATSCluster, dir: String) async throws -> ChildProcess {
        try """
        broker:
          endpoints: [\(Self.endpoints(cluster, first: 0))]
          protocol: auto
          tls: {enabled: false}
          reconnect: {min_delay: 100ms, max_delay: 1s}
        store: {path: \(dir)/events.sqlite, synchronous: normal}
        ingest: {unknown_event_types: store}
        """.write(toFile: "\(dir)/aggregator.yaml", atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", "\(dir)/aggregator.yaml"], outputFile: "\(dir)/aggregator.log")
        let subscribed = await eventually(within: .seconds(60)) {
            Self.log("aggregator", dir: dir).contains("ingest subscribed")
        }
        #expect(subscribed, "aggregator not subscribed: \(Self.log("aggregator", dir: dir))")
        return process
    }

    private func prefill(_ identity: AgentIdentity, dir: String) async throws {
        let source = "/\(identity.tenant)/\(identity.site)/\(identity.agent)/file/orders"
        let outbox = try Outbox(path: "\(dir)/\(identity.agent).sqlite", identity: identity)
        for first in stride(from: 1, through: Self.eventsPerAgent, by: 1_000) {
            let last = min(Self.eventsPerAgent, first + 999)
            try await outbox.append(
                (first...last).map { OutboxFixture.event($0, source: source) }, cursor: OutboxFixture.cursor(last))
        }
        try await outbox.checkpoint()
    }

    private func startAgent(
        _ identity: AgentIdentity, protocolChoice: String, first: Int, cluster: TestNATSCluster, dir: String
    ) throws -> ChildProcess {
        let name = identity.agent
        try """
        identity: {tenant: \(identity.tenant), site: \(identity.site), agent: \(name)}
        broker:
          endpoints: [\(Self.endpoints(cluster, first: first))]
          protocol: \(protocolChoice)
          tls: {enabled: false}
          reconnect: {min_delay: 100ms, max_delay: 1s}
        outbox: {path: \(dir)/\(name).sqlite}
        forwarder: {batch_events: 250, backlog_rate: 2500, ack_timeout: 5s}
        metrics: {listen: "127.0.0.1:0"}
        """.write(toFile: "\(dir)/\(name).yaml", atomically: true, encoding: .utf8)
        return try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"),
            arguments: ["run", "--config", "\(dir)/\(name).yaml"], outputFile: "\(dir)/\(name).log")
    }

    // MARK: - Observations

    private static func endpoints(_ cluster: TestNATSCluster, first: Int) -> String {
        let all = cluster.mqttEndpoints.map { "\"\($0)\"" }
        return (all[first...] + all[..<first]).joined(separator: ", ")
    }

    private static func storedCount(dir: String) -> Int {
        guard let store = try? SQLiteConnection(path: "\(dir)/events.sqlite", options: .init(readOnly: true)),
            let count = try? store.scalar("SELECT count(*) FROM events")?.integer
        else { return 0 }
        return Int(count)
    }

    private static func backlog(_ identity: AgentIdentity, dir: String) -> UInt64? {
        try? OutboxInspector.report(path: "\(dir)/\(identity.agent).sqlite").backlog
    }

    private static func log(_ name: String, dir: String) -> String {
        (try? String(contentsOfFile: "\(dir)/\(name).log", encoding: .utf8)) ?? "(no log)"
    }

    private static func logTails(dir: String) -> String {
        ["aggregator", "agent-a", "agent-b"].map { name in
            "--- \(name):\n" + log(name, dir: dir).split(separator: "\n").suffix(25).joined(separator: "\n")
        }.joined(separator: "\n")
    }
}

/// Waits until `condition` holds, checking every 100 ms, at most `limit`.
private func eventually(within limit: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
