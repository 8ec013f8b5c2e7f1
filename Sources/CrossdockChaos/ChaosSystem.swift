import CrossdockTesting
import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The whole system under test: a TLS mosquitto, the aggregator process (SQLite store, one route to the
/// destination through the HTTP connector), agent processes tailing one file each, and the destination. With
/// ``ChaosStore/postgresql(instances:)`` several aggregator processes share one PostgreSQL database and the
/// agents' events through an MQTT v5 shared subscription; a kill takes one instance at a time.
public actor ChaosSystem {
    /// The run's directory: configurations, logs, the store, the agents' files and outboxes.
    public let directory: String
    /// The broker.
    public let broker: TestBroker
    /// The ERP/TMS destination.
    public let destination: ChaosDestination
    /// Agent identities, in index order.
    public let agents: [PKIIdentity]
    /// Where the aggregator keeps events and jobs, and how many instances run.
    public let store: ChaosStore
    /// The shared database when ``store`` is PostgreSQL.
    public let postgres: TestPostgres?
    private var aggregators: [ChildProcess?]
    /// The instance the next aggregator kill takes (in turn).
    private var nextVictim = 0
    private var agentProcesses: [ChildProcess?]
    private var unexpectedExits: [String] = []

    /// The connector's timeout per attempt; late answers come after twice this.
    static let connectorTimeout = Duration.seconds(1)

    /// Starts the broker and the destination and writes the configurations; ``start()`` starts the processes.
    ///
    /// - Parameter postgres: the running database the instances share; required with a PostgreSQL `store`.
    public init(
        directory: String, schedule: ChaosSchedule, store: ChaosStore = .sqlite, postgres: TestPostgres? = nil
    ) async throws {
        if case .postgresql = store, postgres == nil {
            throw ChaosError("a PostgreSQL store needs a running server (TestPostgres)")
        }
        self.directory = directory
        self.store = store
        self.postgres = postgres
        aggregators = Array(repeating: nil, count: max(1, store.instances))
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
        for instance in aggregators.indices { try writeAggregatorConfiguration(instance) }
        for index in identities.indices { try writeAgentConfiguration(index, quotaBytes: schedule.quotaBytes) }
    }

    /// The aggregator's SQLite store.
    public nonisolated var storePath: String { directory + "/events.sqlite" }
    /// The file agent `index` tails.
    public nonisolated func recordsFile(_ index: Int) -> String { directory + "/records-\(ChaosFault.letter(index)).jsonl" }
    nonisolated func agentLog(_ index: Int) -> String { directory + "/agent-\(ChaosFault.letter(index)).log" }
    /// `aggregator` with one instance on SQLite (the default run's file names), `aggregator-1`, `aggregator-2`, …
    /// otherwise.
    nonisolated func aggregatorName(_ instance: Int) -> String {
        store == .sqlite ? "aggregator" : "aggregator-\(instance + 1)"
    }
    nonisolated func aggregatorLog(_ instance: Int) -> String { "\(directory)/\(aggregatorName(instance)).log" }
    nonisolated func aggregatorConfiguration(_ instance: Int) -> String {
        "\(directory)/\(aggregatorName(instance)).yaml"
    }

    /// Counts `produced` against the store (the SQLite file, or the shared PostgreSQL database).
    nonisolated func tally(produced: Set<String>) throws -> ChaosTally {
        if let postgres { return try ChaosTally(produced: produced, postgres: postgres, ledger: destination.ledger) }
        return try ChaosTally(produced: produced, storePath: storePath, ledger: destination.ledger)
    }

    /// The `store:` section (and with PostgreSQL the shared subscription before it) of instance `instance`.
    private func storeSection(_ instance: Int) throws -> String {
        guard let postgres else { return "store: {path: \(storePath)}" }
        let passwordFile = directory + "/pg-password"
        try (postgres.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        return """
            subscription: {shared_group: ingest}
            store:
              path: \(directory)/\(aggregatorName(instance)).sqlite   # the instance's own state; events and jobs are in PostgreSQL
              postgresql:
                host: \(postgres.host)
                port: \(postgres.port)
                database: \(postgres.database)
                user: \(postgres.user)
                password: {file: \(passwordFile)}
                tls: disable
            """
    }

    private func writeAggregatorConfiguration(_ instance: Int) throws {
        guard let pki = broker.pki, let certificate = pki.clients[TestPKI.aggregator] else {
            throw ChaosError("the test PKI has no aggregator certificate")
        }
        try """
        broker:
          host: \(broker.host)
          port: \(broker.port)
          tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
        \(try storeSection(instance))
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
        """.write(toFile: aggregatorConfiguration(instance), atomically: true, encoding: .utf8)
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

    /// Starts the aggregator instances and every agent; waits (up to 60 s) until every instance has subscribed.
    public func start() async throws {
        for instance in aggregators.indices { try startAggregator(instance) }
        for index in agents.indices { try startAgent(index) }
        let deadline = ContinuousClock.now + .seconds(60)
        for instance in aggregators.indices {
            let log = aggregatorLog(instance)
            while ContinuousClock.now < deadline, !(FileSystem.read(log) ?? "").contains("ingest subscribed") {
                if let status = aggregators[instance]?.exitStatusIfExited() {
                    throw ChaosError("\(aggregatorName(instance)) exited with status \(status): \((FileSystem.read(log) ?? "").suffix(2_000))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            guard (FileSystem.read(log) ?? "").contains("ingest subscribed") else {
                throw ChaosError("\(aggregatorName(instance)) did not subscribe within 60 s; see \(log)")
            }
        }
    }

    private func startAggregator(_ instance: Int) throws {
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-aggregator"),
            arguments: ["run", "--config", aggregatorConfiguration(instance)], outputFile: aggregatorLog(instance))
        ChaosProcesses.add(process)
        aggregators[instance] = process
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

    /// Carries out `fault`'s start (a kill or restart is complete when this returns); returns what to add to the
    /// fault's printed line (which instance an aggregator kill took when several run, otherwise nothing).
    func begin(_ fault: ChaosFault) async throws -> String {
        switch fault {
        case .killAgent(let index):
            try await killNow(agentProcesses[index])
            try startAgent(index)
        case .killAggregator:
            let instance = nextVictim
            nextVictim = (nextVictim + 1) % aggregators.count
            try await killNow(aggregators[instance])
            try await Task.sleep(for: .seconds(1))
            try startAggregator(instance)
            if store != .sqlite { return " (\(aggregatorName(instance)))" }
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
        return ""
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
        for instance in aggregators.indices {
            if let process = aggregators[instance], let status = process.exitStatusIfExited() {
                unexpectedExits.append(
                    "\(aggregatorName(instance)) exited by itself with status \(status) at t+\(elapsed.components.seconds) s")
                ChaosProcesses.remove(process)
                try startAggregator(instance)
            }
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
        for process in agentProcesses.compactMap({ $0 }) + aggregators.compactMap({ $0 }) {
            process.send(SIGTERM)
            _ = try? await waitForExit(process, within: .seconds(30))
            ChaosProcesses.remove(process)
        }
        agentProcesses = agentProcesses.map { _ in nil }
        aggregators = aggregators.map { _ in nil }
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
