import Logging
import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real NATS server cluster (JetStream and its MQTT 3.1.1 listener) on loopback, for tests of crossdock on a
/// clustered broker.
///
/// ```swift
/// try await TestNATSCluster.withCluster { cluster in
///     let client = try MQTTClient(configuration: cluster.clientConfiguration())
///     …
///     cluster.kill(node: 0)   // SIGKILL, as a crashed node
/// }
/// ```
///
/// Each node has its own ports (client, HTTP monitoring, cluster routes, MQTT, all from
/// ``TestBroker/freePort()``), its own JetStream store directory, and `max_mem`/`max_file` limits (several
/// nodes share one host). The listeners are plain TCP on 127.0.0.1 without authentication. Nodes are started with
/// `posix_spawn` like ``TestBroker``; a watchdog kills a node if the test process crashes, nodes still running at
/// process exit are killed, and ``remove()`` stops them all. Each node's log is kept (``logFile(node:)``) for
/// failure messages (``logTails()``) until the directory is removed.
public final class TestNATSCluster: Sendable {
    /// One node's name, ports and files.
    public struct Node: Sendable {
        /// `n1`, `n2`, …
        public let name: String
        /// The NATS client port.
        public let clientPort: Int
        /// The HTTP monitoring port (`/healthz`).
        public let httpPort: Int
        /// The cluster route port.
        public let routePort: Int
        /// The MQTT listener's port.
        public let mqttPort: Int
    }

    /// Always 127.0.0.1.
    public let host = "127.0.0.1"
    /// The nodes, in order.
    public let nodes: [Node]
    /// Private temporary directory with the nodes' configurations, stores and logs.
    public let directory: String

    private let processes: Mutex<[Int: ChildProcess]>
    private let watchdogs: Mutex<[Int: ChildProcess]>
    private let logger: Logger

    private init(nodes: [Node], directory: String, logger: Logger) {
        self.nodes = nodes
        self.directory = directory
        self.logger = logger
        self.processes = Mutex([:])
        self.watchdogs = Mutex([:])
    }

    /// Starts a cluster, waits until every node takes MQTT QoS 1 publishes, runs `body`, and always stops the
    /// nodes and deletes the directory afterwards.
    public static func withCluster<Result>(
        nodes count: Int = 3, logger: Logger = Logger(label: "crossdock.nats"),
        _ body: (TestNATSCluster) async throws -> Result
    ) async throws -> Result {
        let cluster = try await start(nodes: count, logger: logger)
        do {
            let result = try await body(cluster)
            await cluster.remove()
            return result
        } catch {
            await cluster.remove()
            throw error
        }
    }

    /// Starts a cluster the caller must ``remove()``; prefer ``withCluster(nodes:logger:_:)``.
    public static func start(nodes count: Int = 3, logger: Logger = Logger(label: "crossdock.nats")) async throws
        -> TestNATSCluster
    {
        let directory = try TestBroker.makeTemporaryDirectory(prefix: "crossdock-nats")
        var ports = Set<Int>()
        func port() throws -> Int {
            for _ in 0..<50 {
                let candidate = try TestBroker.freePort()
                if ports.insert(candidate).inserted { return candidate }
            }
            throw TestBrokerError("found no distinct free ports for the NATS cluster")
        }
        var nodes: [Node] = []
        for index in 0..<count {
            nodes.append(
                Node(
                    name: "n\(index + 1)", clientPort: try port(), httpPort: try port(), routePort: try port(),
                    mqttPort: try port()))
        }
        let cluster = TestNATSCluster(nodes: nodes, directory: directory, logger: logger)
        do {
            for index in nodes.indices {
                try cluster.writeConfiguration(node: index)
                try cluster.launch(node: index)
            }
            try await cluster.waitUntilReady(nodes.indices)
            return cluster
        } catch {
            await cluster.remove()
            throw error
        }
    }

    /// The rendered configuration file of node `index`.
    public func configurationFile(node index: Int) -> String { "\(directory)/\(nodes[index].name).conf" }
    /// The combined output of node `index` (kept across restarts).
    public func logFile(node index: Int) -> String { "\(directory)/\(nodes[index].name).log" }

    /// The MQTT listeners of all nodes, in node order.
    public var mqttEndpoints: [MQTTEndpoint] {
        nodes.map { MQTTEndpoint(host: host, port: $0.mqttPort) }
    }

    /// A client configuration for the cluster: MQTT 3.1.1, plain TCP, every node's MQTT listener (first
    /// `startingAt`), reconnects after 100–500 ms.
    public func clientConfiguration(clientID: String? = nil, startingAt first: Int = 0) -> MQTTClientConfiguration {
        let endpoints = Array(mqttEndpoints[first...] + mqttEndpoints[..<first])
        return MQTTClientConfiguration(
            host: endpoints[0].host, port: endpoints[0].port, clientID: clientID,
            fallbackEndpoints: Array(endpoints.dropFirst()), protocolVersion: .v3_1_1,
            reconnect: MQTTReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .milliseconds(500)))
    }

    private func writeConfiguration(node index: Int) throws {
        let node = nodes[index]
        let routes = nodes.map { "nats-route://\(host):\($0.routePort)" }.joined(separator: ", ")
        // A single node runs without a cluster block: JetStream would wait for peers to elect a leader.
        let cluster =
            nodes.count > 1 ? "cluster { name: crossdock, listen: \(host):\(node.routePort), routes: [\(routes)] }" : ""
        let text = """
            server_name: \(node.name)
            listen: \(host):\(node.clientPort)
            http: \(host):\(node.httpPort)
            jetstream { store_dir: "\(directory)/\(node.name)-store", max_mem: 64MB, max_file: 2GB }
            \(cluster)
            mqtt { listen: \(host):\(node.mqttPort) }

            """
        try FileSystem.write(text, to: configurationFile(node: index))
    }

    private static let executable: String = {
        access("/usr/sbin/nats-server", X_OK) == 0 ? "/usr/sbin/nats-server" : "nats-server"
    }()

    private func launch(node index: Int) throws {
        let child = try ChildProcess.spawn(
            executable: Self.executable, arguments: ["-c", configurationFile(node: index)],
            outputFile: logFile(node: index))
        ChildProcessRegistry.add(child)
        processes.withLock { $0[index] = child }
        if let shell = ChildProcessRegistry.watchdog(for: child) {
            watchdogs.withLock { $0[index] = shell }
        }
    }

    /// Waits (at most 60 s) until each of `indices` accepts an MQTT 3.1.1 connection and acknowledges a QoS 1
    /// publish: JetStream has elected its leaders and created the MQTT streams.
    private func waitUntilReady(_ indices: some Sequence<Int>) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(60)
        for index in indices {
            var lastError = "not tried"
            while true {
                if let status = processes.withLock({ $0[index]?.exitStatusIfExited() }) {
                    throw TestBrokerError(
                        "nats-server \(nodes[index].name) exited with status \(status) while starting; its log:\n"
                            + logTail(node: index))
                }
                if clock.now > deadline {
                    throw TestBrokerError(
                        "nats-server \(nodes[index].name) did not take an MQTT publish within 60 s (\(lastError)); "
                            + "logs:\n\(logTails())")
                }
                do {
                    try await probe(node: index)
                    break
                } catch {
                    lastError = "\(error)"
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
        }
    }

    private func probe(node index: Int) async throws {
        guard TestBroker.portAccepts(nodes[index].mqttPort) else {
            throw TestBrokerError("port \(nodes[index].mqttPort) does not accept connections yet")
        }
        var configuration = MQTTClientConfiguration(
            host: host, port: nodes[index].mqttPort, protocolVersion: .v3_1_1, connectTimeout: .seconds(5))
        configuration.keepAlive = 5
        var quiet = Logger(label: "crossdock.nats.probe")
        quiet.logLevel = .critical
        try await MQTTClient.withClient(configuration: configuration, logger: quiet) { client in
            try await client.connect()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await client.publish(topic: "crossdock-probe/\(self.nodes[index].name)", payload: [UInt8]([1]))
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    throw TestBrokerError("no PUBACK within 10 s")
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Kills node `index` with SIGKILL, as a crashed machine would; its store stays for ``start(node:)``.
    public func kill(node index: Int) {
        guard let child = processes.withLock({ $0.removeValue(forKey: index) }) else { return }
        stopWatchdog(node: index)
        child.send(SIGKILL)
        _ = child.waitForExit()
        ChildProcessRegistry.remove(child)
        logger.info("killed NATS node \(nodes[index].name) (MQTT port \(nodes[index].mqttPort))")
    }

    /// Stops node `index`: SIGTERM, then SIGKILL after 10 s. Safe to call when it is not running.
    public func stop(node index: Int) async {
        guard let child = processes.withLock({ $0.removeValue(forKey: index) }) else { return }
        stopWatchdog(node: index)
        child.send(SIGTERM)
        for _ in 0..<1000 where child.exitStatusIfExited() == nil {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if child.exitStatusIfExited() == nil {
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
        ChildProcessRegistry.remove(child)
    }

    /// Starts a stopped or killed node again with its configuration and store, and waits until it takes publishes.
    public func start(node index: Int) async throws {
        guard !isRunning(node: index) else { return }
        try launch(node: index)
        try await waitUntilReady([index])
    }

    /// Whether node `index` runs.
    public func isRunning(node index: Int) -> Bool {
        processes.withLock { $0[index].map { $0.exitStatusIfExited() == nil } ?? false }
    }

    /// Stops every node and deletes the directory.
    public func remove() async {
        for index in nodes.indices { await stop(node: index) }
        _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory])
    }

    /// The last lines of every node's log, for failure messages.
    public func logTails(lines: Int = 15) -> String {
        nodes.indices.map { "--- \(nodes[$0].name):\n\(logTail(node: $0, lines: lines))" }.joined(separator: "\n")
    }

    /// The last `lines` lines of node `index`'s log.
    public func logTail(node index: Int, lines: Int = 20) -> String {
        let text = FileSystem.read(logFile(node: index)) ?? ""
        return String(text.split(separator: "\n").suffix(lines).joined(separator: "\n"))
    }

    private func stopWatchdog(node index: Int) {
        guard let shell = watchdogs.withLock({ $0.removeValue(forKey: index) }) else { return }
        ChildProcessRegistry.stopWatchdog(shell)
    }
}
