import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// `crossdock-aggregator run` with routes, as a real process against a real TLS broker and a stand-in TMS.
struct OrchestrationProcessTests {
    /// Events are stored (and their jobs with them) while the TMS is down; the aggregator is killed (-9) before any
    /// call got through. After a restart, with the TMS up, every job's call happens exactly once.
    @Test func killMinus9BetweenStoreAndCallThenEachCallHappensOnceAfterRestart() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                // A port for the TMS with nothing listening: the TMS is down. It is below the ephemeral range, so
                // the aggregator's own connection attempts can never be given it as their source port.
                let port = try TestBroker.freePort()
                let jobs = "{poll_interval: 50ms, lease: 2s, retry: {initial_backoff: 20ms, max_backoff: 200ms, max_attempts: 1000}}"
                let first = try await startAggregator(
                    broker: broker, dir: dir, routes: milestoneRoutes(url: "http://127.0.0.1:\(port)", jobs: jobs))
                let agent = try await TestAgent(broker: broker)
                try await agent.publish(TestEvents.batch(agent.identity, sequences: 1...20))
                await agent.waitForAcks { _ in agent.acknowledged.stored == [1...20] }

                let database = try SQLiteConnection(
                    path: dir + "/events.sqlite", options: SQLiteConnection.Options(readOnly: true))
                func count(_ sql: String) throws -> Int64 { try database.scalar(sql)?.integer ?? -1 }
                #expect(try count("SELECT count(*) FROM jobs") == 20)
                let attemptedBeforeKill = await eventually { (try? count("SELECT count(*) FROM job_attempts")) ?? 0 > 0 }
                #expect(attemptedBeforeKill, "the aggregator never tried the TMS")
                first.send(SIGKILL)
                _ = try await waitForExit(first, within: .seconds(10))
                #expect(try count("SELECT count(*) FROM jobs WHERE state = 'done'") == 0)

                let server = try await StandInServer(port: port)
                let second = try await startAggregator(
                    broker: broker, dir: dir, routes: milestoneRoutes(url: "http://127.0.0.1:\(port)", jobs: jobs),
                    log: "aggregator-2.log")
                let allDone = await eventually(within: .seconds(60)) {
                    (try? count("SELECT count(*) FROM jobs WHERE state = 'done'")) == 20
                }
                #expect(allDone, "log: \((try? String(contentsOfFile: "\(dir)/aggregator-2.log", encoding: .utf8)) ?? "")")
                let keys = server.accepted.compactMap(\.idempotencyKey)
                #expect(keys.count == 20)
                #expect(Set(keys).count == 20, "a call was made twice: \(keys)")
                #expect(server.calls.count == 20)
                let subjects = Set(server.accepted.map(\.path))
                #expect(subjects == Set((1...20).map { "/shipments/SH-\($0)/milestones" }))

                second.send(SIGTERM)
                #expect(try await waitForExit(second, within: .seconds(30)) == 0)
                await agent.stop()
                await server.stop()
            }
        }
    }

    private func startAggregator(broker: TestBroker, dir: String, routes: String, log: String = "aggregator.log")
        async throws -> ChildProcess
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
        systems: {agents: [{match: "acme/dc1/agent-a", origin: tms}]}  # the test agent publishes milestones
        \(routes)
        """.write(toFile: "\(dir)/aggregator.yaml", atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", "\(dir)/aggregator.yaml"], outputFile: "\(dir)/\(log)")
        let subscribed = await eventually(within: .seconds(30)) {
            ((try? String(contentsOfFile: "\(dir)/\(log)", encoding: .utf8)) ?? "").contains("ingest subscribed")
        }
        #expect(subscribed, "not subscribed: \((try? String(contentsOfFile: "\(dir)/\(log)", encoding: .utf8)) ?? "")")
        return process
    }
}
