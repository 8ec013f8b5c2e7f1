import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Several `crossdock-aggregator run` processes sharing one PostgreSQL database through an MQTT v5 shared
/// subscription on a real TLS broker, two agents sending milestones for many business keys, a stand-in TMS counting
/// calls by idempotency key; one instance is killed (-9) mid-run.
struct PostgreSQLScaleOutTests {
    static let eventsPerAgent: UInt64 = 300
    static let batchSize: UInt64 = 10
    static let keysPerAgent: UInt64 = 12

    @Test(arguments: [2, 3])
    func instancesShareTheWorkAndAKilledOneLosesNothingDoublesNothingAndKeepsTheOrder(instances: Int) async throws {
        try await TestPostgres.withServer { postgres in
            try await TestBroker.withBroker(.tls) { broker in
                try await withTemporaryDirectory { dir in
                    try await run(instances: instances, postgres: postgres, broker: broker, dir: dir)
                }
            }
        }
    }

    private func run(instances: Int, postgres: TestPostgres, broker: TestBroker, dir: String) async throws {
        let tms = try await StandInServer()
        // Each call takes a little while, so jobs are under way when the instance is killed.
        tms.delayAnswers(by: .milliseconds(5))
        try (postgres.password + "\n").write(toFile: "\(dir)/pg-password", atomically: true, encoding: .utf8)
        let jobs = "{poll_interval: 50ms, lease: 3s, concurrency: 4, retry: {initial_backoff: 20ms, max_backoff: 200ms, max_attempts: 1000}}"
        var processes: [ChildProcess] = []
        for index in 1...instances {
            processes.append(
                try await startInstance(
                    index, postgres: postgres, broker: broker, dir: dir,
                    routes: milestoneRoutes(url: tms.url, jobs: jobs)))
        }
        let agents = [
            try await TestAgent(broker: broker, certificate: TestPKI.agentA),
            try await TestAgent(broker: broker, certificate: TestPKI.agentB),
        ]
        let total = Self.eventsPerAgent
        let batches = stride(from: UInt64(1), through: total, by: Int(Self.batchSize)).map {
            $0...min($0 + Self.batchSize - 1, total)
        }
        // Send every batch once, killing the last instance halfway through.
        var killed = false
        for (index, range) in batches.enumerated() {
            for agent in agents { try await agent.publish(batch(of: agent, range)) }
            if index == batches.count / 2 {
                processes[instances - 1].send(SIGKILL)
                _ = try await waitForExit(processes[instances - 1], within: .seconds(10))
                killed = true
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(killed)
        // Redeliver what is not acknowledged, as an agent's outbox does (bounded rounds).
        for _ in 0..<30 {
            var missing = false
            for agent in agents {
                let stored = agent.acknowledged.stored
                for range in batches where !range.allSatisfy({ stored.contains($0) }) {
                    missing = true
                    try await agent.publish(batch(of: agent, range))
                }
            }
            if !missing { break }
            try await Task.sleep(for: .seconds(2))
        }
        for agent in agents {
            #expect(agent.acknowledged.stored == [1...total], "agent \(agent.identity) still has unacknowledged events")
        }
        let expected = Int(total) * agents.count
        let settled = await eventually(within: .seconds(120)) {
            (try? postgres.psql("SELECT count(*) FROM jobs WHERE state = 'done'")) == "\(expected)"
        }
        #expect(settled, "jobs: \((try? postgres.psql("SELECT state, count(*) FROM jobs GROUP BY state")) ?? "?")")

        // Every event stored once, with one job each, all done.
        #expect(try postgres.psql("SELECT count(*) FROM events") == "\(expected)")
        #expect(try postgres.psql("SELECT count(DISTINCT (source, id)) FROM events") == "\(expected)")
        #expect(try postgres.psql("SELECT count(*) FROM jobs") == "\(expected)")
        for agent in agents {
            let identity = agent.identity
            let received = try postgres.psql(
                "SELECT received FROM agents WHERE tenant = '\(identity.tenant)' AND site = '\(identity.site)' AND agent = '\(identity.agent)'")
            #expect(received == "{1,\(total)}")
        }
        // Each job's call reached the TMS; a call repeats (same idempotency key) only for an attempt the kill cut short.
        let accepted = tms.accepted
        let keys = accepted.compactMap(\.idempotencyKey)
        #expect(Set(keys).count == expected)
        let interrupted = Int(try postgres.psql("SELECT count(*) FROM job_attempts WHERE outcome = 'interrupted'")) ?? 0
        #expect(keys.count - Set(keys).count <= interrupted, "calls repeated beyond the interrupted attempts")
        // Per business key, the TMS saw the events in sequence order (first call per idempotency key).
        var seen: Set<String> = []
        var lastByKey: [String: Int] = [:]
        var outOfOrder: [String] = []
        for call in accepted {
            guard let key = call.idempotencyKey, seen.insert(key).inserted, let sequence = sequenceNumber(of: call) else {
                continue
            }
            // The path names the business key, which belongs to one agent.
            if let last = lastByKey[call.path], last >= sequence {
                outOfOrder.append("\(call.path): \(last) then \(sequence)")
            }
            lastByKey[call.path] = sequence
        }
        #expect(outOfOrder.isEmpty, "out of order: \(outOfOrder.prefix(10))")
        #expect(lastByKey.count == Int(Self.keysPerAgent) * agents.count)

        for agent in agents { await agent.stop() }
        // The survivors stop gracefully; each stored a share, and the killed one stored the rest.
        var storedBySurvivors = 0
        for (index, process) in processes.enumerated() where index != instances - 1 {
            process.send(SIGTERM)
            #expect(try await waitForExit(process, within: .seconds(30)) == 0)
            let stored = eventsStored(inLog: "\(dir)/aggregator-\(index + 1).log")
            #expect(stored > 0, "instance \(index + 1) stored nothing")
            storedBySurvivors += stored
        }
        #expect(storedBySurvivors < expected, "the killed instance stored nothing before it was killed")
        await tms.stop()
    }

    /// The events an instance says it stored, from its "ingest stopped" log line (0 when absent).
    private func eventsStored(inLog path: String) -> Int {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").last(where: { $0.contains("ingest stopped") }),
            let match = line.firstMatch(of: /events[^0-9]{1,4}([0-9]+)/)
        else { return 0 }
        return Int(match.1) ?? 0
    }

    /// A batch of `agent`'s milestones; each event's shipment (the business key) is one of the agent's keys.
    private func batch(of agent: TestAgent, _ range: ClosedRange<UInt64>) -> [UInt8] {
        CloudEventBatch(
            range.map { sequence in
                var event = TestEvents.milestone(agent.identity, sequence: sequence)
                event.subject = "\(agent.identity.agent)-K\(sequence % Self.keysPerAgent)"
                return event
            }
        ).encoded()
    }

    private func startInstance(
        _ index: Int, postgres: TestPostgres, broker: TestBroker, dir: String, routes: String
    ) async throws -> ChildProcess {
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[TestPKI.aggregator])
        let config = "\(dir)/aggregator-\(index).yaml"
        let log = "\(dir)/aggregator-\(index).log"
        try """
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls:
            ca_file: \(pki.authority.certificateFile)
            cert_file: \(certificate.certificateFile)
            key_file: \(certificate.keyFile)
        subscription: {shared_group: ingest}
        store:
          path: \(dir)/instance-\(index).sqlite
          postgresql:
            host: \(postgres.host)
            port: \(postgres.port)
            database: \(postgres.database)
            user: \(postgres.user)
            password: {file: \(dir)/pg-password}
            tls: disable
        systems: {agents: [{match: "acme/dc1/*", origin: tms}]}  # the test agents publish milestones
        log: {level: info}
        \(routes)
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"), arguments: ["run", "--config", config],
            outputFile: log)
        let subscribed = await eventually(within: .seconds(30)) {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ingest subscribed")
        }
        #expect(subscribed, "instance \(index) not subscribed: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        return process
    }
}
