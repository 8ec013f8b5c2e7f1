import CrossdockTesting
import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The whole system under test: a TLS mosquitto, the aggregator process (SQLite store, one route to the
/// destination through the HTTP connector), agent processes tailing one file each, and the destination.
public actor ChaosSystem {
    /// The run's directory: configurations, logs, the store, the agents' files and outboxes.
    public let directory: String
    /// The broker.
    public let broker: TestBroker
    /// The ERP/TMS destination.
    public let destination: ChaosDestination
    /// Agent identities, in index order.
    public let agents: [PKIIdentity]
    private var aggregator: ChildProcess?
    private var agentProcesses: [ChildProcess?]
    private var unexpectedExits: [String] = []

    /// The connector's timeout per attempt; late answers come after twice this.
    static let connectorTimeout = Duration.seconds(1)

    /// Starts the broker and the destination and writes the configurations; ``start()`` starts the processes.
    public init(directory: String, schedule: ChaosSchedule) async throws {
        self.directory = directory
        let identities = (0..<schedule.agents).map {
            PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "agent-\(ChaosFault.letter($0))")
        }
        agents = identities
        let extra = identities.filter { $0 != TestPKI.agentA && $0 != TestPKI.agentB }
        broker = try await TestBroker.start(.tls, extraIdentities: extra, logTypes: ["error", "warning", "notice"])
        do {
            destination = try await ChaosDestination(
                port: try TestBroker.freePort(), lateAnswer: Self.connectorTimeout * 2)
        } catch {
            await broker.remove()
            throw error
        }
        agentProcesses = Array(repeating: nil, count: identities.count)
        try writeAggregatorConfiguration()
        for index in identities.indices { try writeAgentConfiguration(index, quotaBytes: schedule.quotaBytes) }
    }

    /// The aggregator's SQLite store.
    public nonisolated var storePath: String { directory + "/events.sqlite" }
    /// The file agent `index` tails.
    public nonisolated func recordsFile(_ index: Int) -> String { directory + "/records-\(ChaosFault.letter(index)).jsonl" }
    nonisolated func agentLog(_ index: Int) -> String { directory + "/agent-\(ChaosFault.letter(index)).log" }
    nonisolated var aggregatorLog: String { directory + "/aggregator.log" }

    private func writeAggregatorConfiguration() throws {
        guard let pki = broker.pki, let certificate = pki.clients[TestPKI.aggregator] else {
            throw ChaosError("the test PKI has no aggregator certificate")
        }
        try """
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
        store: {path: \(storePath)}
        systems: {agents: [{match: "acme/dc1/*", origin: tms}]}   # the agents capture TMS milestones
        connectors:
          tms:
            kind: http
            url: \(destination.server.url)
            timeout: \(Self.connectorTimeout.components.seconds)s
            auth: {type: none}
        routes:
          - name: milestones-to-tms
            match: {type: com.crossdock.shipment.milestone.v1}
            destination: tms
            action: milestone.post
            request:
              path: /shipments/{{subject}}/milestones
              body: '{"shipment": "{{subject}}", "id": "{{id}}", "seq": "{{sequence}}", "status": "{{data.statusCode}}"}'
        jobs:
          concurrency: 8
          poll_interval: 50ms
          lease: 4s
          retry: {initial_backoff: 100ms, max_backoff: 2s, max_attempts: 1000, max_age: 24h}
          circuit_breaker: {failures: 5, cool_down: 1s}
        """.write(toFile: directory + "/aggregator.yaml", atomically: true, encoding: .utf8)
    }

    private func writeAgentConfiguration(_ index: Int, quotaBytes: Int64) throws {
        guard let pki = broker.pki, let certificate = pki.clients[agents[index]] else {
            throw ChaosError("the test PKI has no certificate for \(agents[index])")
        }
        let letter = ChaosFault.letter(index)
        _ = FileManager.default.createFile(atPath: recordsFile(index), contents: nil)
        try FileManager.default.createDirectory(atPath: "\(directory)/agent-\(letter)", withIntermediateDirectories: true)
        try """
        identity: {tenant: acme, site: dc1, agent: agent-\(letter)}
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
        outbox: {path: \(directory)/agent-\(letter)/outbox.sqlite, quota: \(quotaBytes)}   # its own directory: commands.sqlite goes next to it
        forwarder: {batch_events: 500, ack_timeout: 3s}
        metrics: {listen: "127.0.0.1:0"}
        sources:
          - name: milestones
            type: file
            paths: [\(recordsFile(index))]
            format: jsonl
            poll_interval: 50ms
            batch_size: 500
            mapping:
              type: com.crossdock.shipment.milestone.v1
              subject: n
              time: at
              fields:
                shipmentNumber: n
                statusCode: status
                eventTime: at
        """.write(toFile: "\(directory)/agent-\(letter).yaml", atomically: true, encoding: .utf8)
    }

    /// Starts the aggregator and every agent; waits (up to 60 s) until the aggregator has subscribed.
    public func start() async throws {
        try startAggregator()
        for index in agents.indices { try startAgent(index) }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !(FileSystem.read(aggregatorLog) ?? "").contains("ingest subscribed") {
            if let status = aggregator?.exitStatusIfExited() {
                throw ChaosError("the aggregator exited with status \(status): \((FileSystem.read(aggregatorLog) ?? "").suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard (FileSystem.read(aggregatorLog) ?? "").contains("ingest subscribed") else {
            throw ChaosError("the aggregator did not subscribe within 60 s; see \(aggregatorLog)")
        }
    }

    private func startAggregator() throws {
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", directory + "/aggregator.yaml"], outputFile: aggregatorLog)
        ChaosProcesses.add(process)
        aggregator = process
    }

    private func startAgent(_ index: Int) throws {
        let letter = ChaosFault.letter(index)
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"),
            arguments: ["run", "--config", "\(directory)/agent-\(letter).yaml"], outputFile: agentLog(index))
        ChaosProcesses.add(process)
        agentProcesses[index] = process
    }

    private func killNow(_ process: ChildProcess?) async throws {
        guard let process else { return }
        process.send(SIGKILL)
        _ = try await waitForExit(process, within: .seconds(30))
        ChaosProcesses.remove(process)
    }

    /// Carries out `fault`'s start (a kill or restart is complete when this returns).
    func begin(_ fault: ChaosFault) async throws {
        switch fault {
        case .killAgent(let index):
            try await killNow(agentProcesses[index])
            try startAgent(index)
        case .killAggregator:
            try await killNow(aggregator)
            try await Task.sleep(for: .seconds(1))
            try startAggregator()
        case .restartBroker:
            await broker.stop()
            try await Task.sleep(for: .seconds(2))
            try await broker.start()
        case .outage:
            await broker.stop()
        case .destinationErrors:
            destination.set(.failing)
        case .destinationTimeouts:
            destination.set(.late)
        }
    }

    /// Ends `fault` (the broker back up, the destination answering normally again).
    func end(_ fault: ChaosFault) async throws {
        switch fault {
        case .outage: try await broker.start()
        case .destinationErrors, .destinationTimeouts: destination.set(.normal)
        case .killAgent, .killAggregator, .restartBroker: break
        }
    }

    /// Restarts any process that exited without being killed by the run, and remembers it as a finding.
    func superviseOnce(elapsed: Duration) throws {
        if let status = aggregator?.exitStatusIfExited() {
            unexpectedExits.append("aggregator exited by itself with status \(status) at t+\(elapsed.components.seconds) s")
            if let aggregator { ChaosProcesses.remove(aggregator) }
            try startAggregator()
        }
        for index in agents.indices {
            if let status = agentProcesses[index]?.exitStatusIfExited() {
                unexpectedExits.append(
                    "agent-\(ChaosFault.letter(index)) exited by itself with status \(status) at t+\(elapsed.components.seconds) s")
                if let process = agentProcesses[index] { ChaosProcesses.remove(process) }
                try startAgent(index)
            }
        }
    }

    /// Processes that exited without being killed by the run.
    public var findings: [String] { unexpectedExits }

    /// How many times an agent logged that its outbox reached the quota and sources paused.
    public nonisolated func quotaPauses() -> Int {
        agents.indices.reduce(0) { total, index in
            let log = FileSystem.read(agentLog(index)) ?? ""
            return total + log.components(separatedBy: "outbox full: sources paused").count - 1
        }
    }

    /// Stops everything: SIGTERM to the agents and the aggregator (SIGKILL after 30 s), then broker and destination.
    public func shutdown() async {
        for process in agentProcesses.compactMap({ $0 }) + [aggregator].compactMap({ $0 }) {
            process.send(SIGTERM)
            _ = try? await waitForExit(process, within: .seconds(30))
            ChaosProcesses.remove(process)
        }
        agentProcesses = agentProcesses.map { _ in nil }
        aggregator = nil
        await broker.remove()
        await destination.stop()
    }
}

/// The run could not go on; the message says what failed and where to look.
public struct ChaosError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String
    init(_ description: String) { self.description = description }
}
