import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#endif

/// The agent as a real process against a real TLS broker: configuration errors, status, SIGTERM, kill -9.
struct AgentProcessTests {
    @Test func checkConfigPrintsEveryProblemAndExitsNonZero() async throws {
        try await withTemporaryDirectory { dir in
            try """
                identity: {tenant: acme, site: "dc 1"}
                broker: {port: 70000, tls: {enabled: false}}
                outbox: {qouta: 1GiB}
                """.write(toFile: "\(dir)/agent.yaml", atomically: true, encoding: .utf8)
            let agent = try ChildProcess.spawn(
                executable: try ProductExecutable.path("crossdock-agent"),
                arguments: ["check-config", "--config", "\(dir)/agent.yaml"], outputFile: "\(dir)/out.txt")
            let status = try await waitForExit(agent, within: .seconds(60))
            let output = try String(contentsOfFile: "\(dir)/out.txt", encoding: .utf8)
            #expect(status == 1)
            #expect(output.contains("4 problems"), "\(output)")
            for keyPath in ["identity.site (\(dir)/agent.yaml:1)", "identity.agent", "broker.port", "outbox.qouta"] {
                #expect(output.contains(keyPath), "\(keyPath) missing in: \(output)")
            }
        }
    }

    @Test func runPublishesOnlineStatusAndSIGTERMExitsZeroAfterPublishingOffline() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let watcher = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
                try await watcher.connect()
                let statuses = StatusWatcher()
                await statuses.start(try await watcher.subscribe(to: TopicFilter.allStatus.pattern))

                let agent = try startAgent(broker: broker, dir: dir)
                defer { agent.send(SIGKILL) }
                let online = try await statuses.next(agentLog: "\(dir)/agent.log")
                #expect(online.state == .online)
                #expect(online.agentVersion == CrossdockVersion.current)

                agent.send(SIGTERM)
                let status = try await waitForExit(agent, within: .seconds(30))
                #expect(status == 0, "agent log: \((try? String(contentsOfFile: "\(dir)/agent.log", encoding: .utf8)) ?? "")")
                let offline = try await statuses.next(agentLog: "\(dir)/agent.log")
                #expect(offline.state == .offline)
                #expect(offline.reason == "shutdown")
                await statuses.stop()
                await watcher.shutdown()
            }
        }
    }

    @Test func sigtermWhileTheBrokerIsUnreachableExitsZero() async throws {
        try await withTemporaryDirectory { dir in
            // Nothing listens on this port: the agent keeps retrying, its status messages wait in the queue.
            try """
                identity: {tenant: acme, site: dc1, agent: agent-a}
                broker: {host: 127.0.0.1, port: \(try TestBroker.freePort()), tls: {enabled: false}}
                outbox: {path: \(dir)/outbox.sqlite}
                metrics: {listen: "127.0.0.1:0"}
                """.write(toFile: "\(dir)/agent.yaml", atomically: true, encoding: .utf8)
            let agent = try ChildProcess.spawn(
                executable: try ProductExecutable.path("crossdock-agent"),
                arguments: ["run", "--config", "\(dir)/agent.yaml"], outputFile: "\(dir)/agent.log")
            defer { agent.send(SIGKILL) }
            let log = { (try? String(contentsOfFile: "\(dir)/agent.log", encoding: .utf8)) ?? "" }
            for _ in 0..<600 where !(log().contains("serving /metrics") && log().contains("MQTT connection unavailable")) {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(log().contains("MQTT connection unavailable"), "\(log())")
            agent.send(SIGTERM)
            let status = try await waitForExit(agent, within: .seconds(30))
            #expect(status == 0, "agent log: \(log())")
        }
    }

    @Test func killMinus9LeavesTheLastWillAsRetainedStatus() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { dir in
                let watcher = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
                try await watcher.connect()
                let statuses = StatusWatcher()
                await statuses.start(try await watcher.subscribe(to: TopicFilter.allStatus.pattern))

                let agent = try startAgent(broker: broker, dir: dir)
                defer { agent.send(SIGKILL) }
                #expect(try await statuses.next(agentLog: "\(dir)/agent.log").state == .online)
                agent.send(SIGKILL)
                _ = try await waitForExit(agent, within: .seconds(30))
                let will = try await statuses.next(agentLog: "\(dir)/agent.log")
                #expect(will.state == .offline)
                #expect(will.reason == "connection-lost")
                await watcher.shutdown()

                // A late subscriber sees the same retained last will.
                let late = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
                try await late.connect()
                let retained = StatusWatcher()
                await retained.start(try await late.subscribe(to: TopicFilter.allStatus.pattern))
                #expect(try await retained.next(agentLog: "\(dir)/agent.log").reason == "connection-lost")
                await retained.stop()
                await late.shutdown()
            }
        }
    }

    private func startAgent(broker: TestBroker, dir: String) throws -> ChildProcess {
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[TestPKI.agentA])
        try """
            identity: {tenant: acme, site: dc1, agent: agent-a}
            broker:
              host: \(broker.host)
              port: \(broker.port)
              tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
            outbox: {path: \(dir)/outbox.sqlite}
            metrics: {listen: "127.0.0.1:0"}
            """.write(toFile: "\(dir)/agent.yaml", atomically: true, encoding: .utf8)
        return try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"),
            arguments: ["run", "--config", "\(dir)/agent.yaml"], outputFile: "\(dir)/agent.log")
    }

}

/// Collects an agent's status messages so a test can wait for the next one with a time limit.
actor StatusWatcher {
    private var messages: [StatusMessage] = []
    private var consumed = 0
    private var consumer: Task<Void, Never>?

    /// Starts collecting from `subscription`.
    func start(_ subscription: MQTTSubscription) {
        consumer = Task {
            do {
                for try await message in subscription {
                    #expect(message.topic == "crossdock/v1/acme/dc1/agent-a/status")
                    if let status = try? StatusMessage(jsonBytes: message.payload) { self.append(status) }
                }
            } catch {}
        }
    }

    private func append(_ status: StatusMessage) { messages.append(status) }

    /// The next status not yet returned; fails the test instead of hanging when none comes within `limit`.
    func next(within limit: Duration = .seconds(60), agentLog: String) async throws -> StatusMessage {
        let deadline = ContinuousClock.now + limit
        while consumed >= messages.count {
            guard ContinuousClock.now < deadline else {
                let log = (try? String(contentsOfFile: agentLog, encoding: .utf8)) ?? "(no agent log)"
                Issue.record("no status message within \(limit); agent log: \(log.suffix(2_000))")
                throw TimeoutError(limit: limit)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        consumed += 1
        return messages[consumed - 1]
    }

    /// Stops collecting.
    func stop() { consumer?.cancel() }
}
