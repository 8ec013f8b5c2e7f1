import CrossdockTesting
import EdgeAgent
import Foundation
import Shared
import WireProtocol

/// The real processes of `crossdock-bench e2e` on the benchmark's TLS broker: one `crossdock-aggregator` storing
/// into a SQLite file, and N `crossdock-agent`s, each tailing its own JSON-lines file into its own outbox.
struct E2ECluster: Sendable {
    /// One agent process and its files.
    struct Agent: Sendable {
        let identity: AgentIdentity
        let process: ChildProcess
        let outbox: String
        /// The JSON-lines file the agent tails.
        let records: String
    }

    /// How the processes are configured.
    struct Settings: Sendable {
        /// The file source's `poll_interval`.
        var pollInterval = "10ms"
        /// The file source's `batch_size` (records per outbox transaction).
        var captureBatch = 5_000
        /// The forwarder's `backlog_rate` (0: unlimited).
        var backlogRate = 0
        /// `broker.reconnect` of every process: short, so that the backlog drain starts soon after the broker.
        var reconnect = "{min_delay: 100ms, max_delay: 1s}"
    }

    let broker: TestBroker
    let directory: String
    let aggregator: ChildProcess
    let agents: [Agent]

    /// The aggregator's event store.
    var storePath: String { directory + "/events.sqlite" }

    /// Starts the aggregator, waits until its ingest is subscribed, then starts `agentCount` agents.
    static func start(
        broker: TestBroker, directory: String, agentCount: Int, settings: Settings
    ) async throws -> E2ECluster {
        let aggregator = try await startAggregator(broker: broker, directory: directory, settings: settings)
        var agents: [Agent] = []
        do {
            for certificate in IngestRun.identities.prefix(agentCount) {
                agents.append(
                    try startAgent(certificate: certificate, broker: broker, directory: directory, settings: settings))
            }
        } catch {
            for agent in agents { agent.process.terminate() }
            aggregator.terminate()
            throw error
        }
        return E2ECluster(broker: broker, directory: directory, aggregator: aggregator, agents: agents)
    }

    private static func startAggregator(
        broker: TestBroker, directory: String, settings: Settings
    ) async throws -> ChildProcess {
        guard let pki = broker.pki, let certificate = pki.clients[TestPKI.aggregator] else {
            throw BenchmarkError("the benchmark broker has no aggregator certificate")
        }
        let configuration = directory + "/aggregator.yaml"
        try """
            broker:
              host: \(broker.host)
              port: \(broker.port)
              client_id: crossdock-aggregator-bench
              reconnect: \(settings.reconnect)
              tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
            store: {path: \(directory)/events.sqlite}
            systems: {default_agent_origin: wms}   # the agents capture inventory adjustments

            """.write(toFile: configuration, atomically: true, encoding: .utf8)
        let log = directory + "/aggregator.log"
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", configuration], outputFile: log)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? String(contentsOfFile: log, encoding: .utf8))?.contains("ingest subscribed") == true {
                return process
            }
            if let status = process.exitStatusIfExited() {
                throw BenchmarkError("crossdock-aggregator exited with status \(status); see \(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw BenchmarkError("crossdock-aggregator did not subscribe within 60 s; see \(log)")
    }

    private static func startAgent(
        certificate: PKIIdentity, broker: TestBroker, directory: String, settings: Settings
    ) throws -> Agent {
        let identity = TestEvents.identity(of: certificate)
        let name = "\(identity.site)-\(identity.agent)"
        let records = "\(directory)/\(name).jsonl"
        guard FileManager.default.createFile(atPath: records, contents: nil) else {
            throw BenchmarkError("cannot create \(records)")
        }
        var yaml = AgentConfigurationYAML(broker: broker, certificate: certificate, outbox: "\(directory)/\(name).outbox")
        yaml.forwarder = "{backlog_rate: \(settings.backlogRate)}"
        yaml.reconnect = settings.reconnect
        yaml.extra = """
            commands: {state: \(directory)/\(name).commands.sqlite}
            sources:
              - name: milestones
                type: file
                paths: [\(records)]
                format: jsonl
                poll_interval: \(settings.pollInterval)
                batch_size: \(settings.captureBatch)
                mapping:
                  type: com.crossdock.inventory.adjusted.v1
                  subject: n
                  time: {field: at, format: unix_ms}
                  fields:
                    adjustmentNumber: n
                    adjustedAt: {field: at, format: unix_ms}
                    facility: {const: DC1}
                    item.sku: sku
                    delta.value: qty
                    delta.unit: {const: EA}
                    reasonCode: {const: CC}

            """
        let configuration = "\(directory)/\(name).yaml"
        try yaml.render().write(toFile: configuration, atomically: true, encoding: .utf8)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"), arguments: ["run", "--config", configuration],
            outputFile: "\(directory)/\(name).log")
        return Agent(identity: identity, process: process, outbox: yaml.outbox, records: records)
    }

    /// Events captured but not yet acknowledged, over every agent's outbox (`nil` if an outbox cannot be read).
    func outboxBacklog() -> UInt64? {
        var total: UInt64 = 0
        for agent in agents {
            guard let report = try? OutboxInspector.report(path: agent.outbox) else { return nil }
            total += report.backlog
        }
        return total
    }

    /// Why the run cannot go on, if a process exited.
    func exitedProcess() -> String? {
        if let status = aggregator.exitStatusIfExited() {
            return "crossdock-aggregator exited with status \(status); see \(directory)/aggregator.log"
        }
        for agent in agents {
            if let status = agent.process.exitStatusIfExited() {
                return "crossdock-agent \(agent.identity) exited with status \(status); see its log in \(directory)"
            }
        }
        return nil
    }

    /// The processes by name, with their ids, the broker's included while it runs.
    func processes() -> [(name: String, pid: Int32)] {
        var list: [(name: String, pid: Int32)] = [("crossdock-aggregator", aggregator.pid)]
        for agent in agents { list.append(("crossdock-agent \(agent.identity.site)/\(agent.identity.agent)", agent.process.pid)) }
        if let pid = Self.brokerPID(broker) { list.append(("mosquitto", pid)) }
        return list
    }

    /// CPU seconds the aggregator, the agents and the broker have used so far, together.
    func cpuSeconds() -> Double {
        processes().reduce(0) { $0 + (ProcessCPU.seconds(pid: $1.pid) ?? 0) }
    }

    /// Stops the agents, then the aggregator (SIGTERM, SIGKILL after 10 s).
    func stop() {
        for agent in agents { agent.process.terminate() }
        aggregator.terminate()
    }

    /// The process id of the broker's mosquitto, found by its configuration file in `/proc/*/cmdline`.
    static func brokerPID(_ broker: TestBroker) -> Int32? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return nil }
        for entry in entries {
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("mosquitto") == true, arguments.contains(broker.configurationFile) {
                return pid
            }
        }
        return nil
    }
}
