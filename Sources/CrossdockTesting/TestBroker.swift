import Logging
import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real mosquitto broker on a free loopback port, for tests, the demo and benchmarks.
///
/// ```swift
/// try await TestBroker.withBroker(.tls) { broker in
///     let client = try MQTTClient(configuration: broker.clientConfiguration(identity: TestPKI.agentA))
///     …
/// }
/// ```
///
/// - `.plain`: anonymous TCP listener, no ACL.
/// - `.tls`: a throwaway PKI (``TestPKI``), `require_certificate true`, `use_identity_as_username true` and the
///   crossdock ACL (``BrokerACL``) confining each agent identity to its own topics.
///
/// The broker is started with `posix_spawn`, an empty signal mask and default signal handlers (see
/// `ChildProcess`), so SIGTERM stops it; stopping falls back to SIGKILL after 3 s, brokers still running at
/// process exit are killed, and a watchdog kills the broker within a second if the test process crashes. Its
/// log (everything, `log_type all`, unless told otherwise) is kept in ``logFile`` and routed to the
/// logger (label `crossdock.broker`, debug level) when it stops. As root, mosquitto would drop to user
/// `mosquitto`, which cannot read files in the private temporary directory: test brokers set `user root`.
public final class TestBroker: Sendable {
    /// Plain TCP or TLS with client certificates and ACL.
    public enum Security: Sendable {
        /// Anonymous TCP listener, no ACL.
        case plain
        /// TLS, client certificates required, identity as user name, crossdock ACL.
        case tls
    }

    /// The listener's security.
    public let security: Security
    /// Always 127.0.0.1.
    public let host = "127.0.0.1"
    /// The listener's port (the same after ``restart()``).
    public let port: Int
    /// Private temporary directory with configuration, PKI and log; deleted when the broker is removed.
    public let directory: String
    /// The throwaway PKI of a `.tls` broker.
    public let pki: TestPKI?
    /// The broker's combined standard output and error.
    public var logFile: String { directory + "/broker.log" }
    /// The rendered `mosquitto.conf`.
    public var configurationFile: String { directory + "/mosquitto.conf" }

    private let process: Mutex<ChildProcess?>
    private let watchdog: Mutex<ChildProcess?>
    private let logger: Logger
    private let routedLogBytes: Mutex<Int>

    private init(security: Security, port: Int, directory: String, pki: TestPKI?, logger: Logger) {
        self.security = security
        self.port = port
        self.directory = directory
        self.pki = pki
        self.logger = logger
        self.process = Mutex(nil)
        self.watchdog = Mutex(nil)
        self.routedLogBytes = Mutex(0)
    }

    /// Starts a broker, runs `body`, and always stops the broker and deletes its directory afterwards.
    /// - Parameters:
    ///   - extraIdentities: Client certificates to issue besides ``TestPKI/agentA``, ``TestPKI/agentB`` and
    ///     ``TestPKI/aggregator``.
    ///   - logTypes: mosquitto `log_type`s; everything by default. Benchmarks log less: per-message debug lines
    ///     slow the broker down.
    public static func withBroker<Result>(
        _ security: Security = .tls, extraIdentities: [PKIIdentity] = [], logTypes: [String] = ["all"],
        logger: Logger = Logger(label: "crossdock.broker"),
        _ body: (TestBroker) async throws -> Result
    ) async throws -> Result {
        let broker = try await start(security, extraIdentities: extraIdentities, logTypes: logTypes, logger: logger)
        do {
            let result = try await body(broker)
            await broker.remove()
            return result
        } catch {
            await broker.remove()
            throw error
        }
    }

    /// Starts a broker that the caller must ``remove()``; prefer
    /// ``withBroker(_:extraIdentities:logTypes:logger:_:)``.
    public static func start(
        _ security: Security = .tls, extraIdentities: [PKIIdentity] = [], logTypes: [String] = ["all"],
        logger: Logger = Logger(label: "crossdock.broker")
    ) async throws -> TestBroker {
        let directory = try makeTemporaryDirectory()
        do {
            let pki =
                security == .tls ? try TestPKI.generate(in: directory + "/pki", extraIdentities: extraIdentities) : nil
            var lastError: (any Error)?
            // A free port can be taken by someone else before mosquitto binds it: try a few.
            for _ in 0..<5 {
                let broker = TestBroker(
                    security: security, port: try freePort(), directory: directory, pki: pki, logger: logger)
                try broker.writeConfiguration(logTypes: logTypes)
                do {
                    try await broker.launch()
                    return broker
                } catch {
                    lastError = error
                }
            }
            throw lastError ?? TestBrokerError("mosquitto did not start")
        } catch {
            _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory])
            throw error
        }
    }

    private func writeConfiguration(logTypes: [String]) throws {
        var configuration = BrokerConfiguration(
            port: port, log: .standardError, logTypes: logTypes, user: geteuid() == 0 ? "root" : nil)
        if let pki {
            configuration.tls = BrokerConfiguration.TLS(authority: pki.authority, server: pki.server)
            configuration.aclFile = directory + "/acl"
            try BrokerACL().write(to: directory + "/acl")
        }
        try configuration.write(to: configurationFile)
    }

    /// Starts the stopped broker again on the same port.
    public func start() async throws {
        try await launch()
    }

    /// Stops the broker and starts it again on the same port.
    public func restart() async throws {
        await stop()
        try await launch()
    }

    private func launch() async throws {
        let child = try ChildProcess.spawn(
            executable: "mosquitto", arguments: ["-c", configurationFile], outputFile: logFile)
        ChildProcessRegistry.add(child)
        process.withLock { $0 = child }
        startWatchdog(for: child)
        // Wait (at most 10 s) until the port accepts connections, or the broker exits.
        for _ in 0..<1000 {
            if let status = child.exitStatusIfExited() {
                stopWatchdog()
                ChildProcessRegistry.remove(child)
                process.withLock { $0 = nil }
                throw TestBrokerError(
                    "mosquitto exited with status \(status) while starting on port \(port); its log:\n\(logTail())")
            }
            if Self.portAccepts(port) { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        await stop()
        throw TestBrokerError(
            "mosquitto did not accept connections on port \(port) within 10 s; its log:\n\(logTail())")
    }

    /// Stops the broker: SIGTERM, then SIGKILL after 3 s. Safe to call when it is not running.
    public func stop() async {
        guard
            let child = process.withLock({ process -> ChildProcess? in
                defer { process = nil }
                return process
            })
        else { return }
        stopWatchdog()
        child.send(SIGTERM)
        var exited = false
        for _ in 0..<300 {
            if child.exitStatusIfExited() != nil {
                exited = true
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        if !exited {
            logger.warning("mosquitto on port \(port) ignored SIGTERM for 3 s; killing it")
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
        ChildProcessRegistry.remove(child)
        routeLog()
    }

    /// Starts a small shell that SIGKILLs the broker if this process dies without stopping it (a crashed test
    /// runs no cleanup and no `atexit` handler). It is stopped before the broker, so it never outlives the
    /// broker's process id.
    private func startWatchdog(for child: ChildProcess) {
        let shell = ChildProcessRegistry.watchdog(for: child)
        watchdog.withLock { $0 = shell }
    }

    private func stopWatchdog() {
        guard
            let shell = watchdog.withLock({ watchdog -> ChildProcess? in
                defer { watchdog = nil }
                return watchdog
            })
        else { return }
        ChildProcessRegistry.stopWatchdog(shell)
    }

    /// Stops the broker and deletes its directory.
    public func remove() async {
        await stop()
        _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory])
    }

    /// Whether the broker process runs.
    public var isRunning: Bool {
        process.withLock { $0.map { $0.exitStatusIfExited() == nil } ?? false }
    }

    /// Everything the broker logged so far.
    public func logText() -> String {
        FileSystem.read(logFile) ?? ""
    }

    private func logTail() -> String {
        String(logText().split(separator: "\n").suffix(20).joined(separator: "\n"))
    }

    /// Sends the log lines not yet routed to the logger.
    private func routeLog() {
        guard logger.logLevel <= .debug else { return }
        let text = logText()
        let bytes = Array(text.utf8)
        let start = routedLogBytes.withLock { routed in
            defer { routed = bytes.count }
            return min(routed, bytes.count)
        }
        for line in String(decoding: bytes[start...], as: UTF8.self).split(separator: "\n") {
            logger.debug("\(line)", metadata: ["broker.port": "\(port)"])
        }
    }

    /// A client configuration for this broker: TLS with `identity`'s certificate (or none when `nil`) on a
    /// `.tls` broker, plain TCP on a `.plain` one. Reconnects start after 50–100 ms, capped at 500 ms.
    public func clientConfiguration(
        identity: PKIIdentity? = TestPKI.agentA, clientID: String? = nil
    ) -> MQTTClientConfiguration {
        MQTTClientConfiguration(
            host: host, port: port, clientID: clientID, tls: pki?.tls(for: identity),
            reconnect: MQTTReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .milliseconds(500)))
    }

    /// A new private (0700) directory `/tmp/{prefix}-XXXXXX`.
    static func makeTemporaryDirectory(prefix: String = "crossdock-broker") throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestBrokerError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: result)
        chmod(path, 0o700)
        return path
    }

    /// A TCP port on 127.0.0.1 that nothing uses right now, below Linux's ephemeral range (32768–60999).
    ///
    /// A port from the ephemeral range (what binding port 0 gives) is unsafe for a broker that stops and
    /// restarts: a client reconnecting while nothing listens can be handed that same port as its own source
    /// port and connect to itself (TCP simultaneous open), then waits a whole keep-alive for a CONNACK.
    public static func freePort() throws -> Int {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_000, using: &generator)
            if try portIsFree(port) { return port }
        }
        throw TestBrokerError("found no free port in 20000–31999 after 200 tries")
    }

    private static func portIsFree(_ port: Int) throws -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw TestBrokerError("cannot create a socket: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }

    static func portAccepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        return address
    }
}

/// An error starting a test broker; the message includes the end of the broker's log.
public struct TestBrokerError: Error, CustomStringConvertible {
    /// What happened.
    public let description: String
    init(_ description: String) { self.description = description }
}
