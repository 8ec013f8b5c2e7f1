@testable import EdgeAgent
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Runs `crossdock-agent` as a real process for the outbox and forwarder tests: writes its configuration,
/// starts it, reads its log.
struct AgentHarness {
    let broker: TestBroker
    let dir: String
    var forwarderYAML = "{ack_timeout: 5s}"
    var sourcesYAML = ""

    var configFile: String { dir + "/agent.yaml" }
    var outboxPath: String { dir + "/outbox.sqlite" }
    var logFile: String { dir + "/agent.log" }

    init(broker: TestBroker, dir: String) {
        self.broker = broker
        self.dir = dir
    }

    /// Writes the configuration file.
    func writeConfiguration() throws {
        let pki = try #require(broker.pki)
        let certificate = try #require(pki.clients[TestPKI.agentA])
        try """
            identity: {tenant: acme, site: dc1, agent: agent-a}
            broker:
              host: \(broker.host)
              port: \(broker.port)
              tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), key_file: \(certificate.keyFile)}
            outbox: {path: \(outboxPath)}
            forwarder: \(forwarderYAML)
            metrics: {listen: "127.0.0.1:0"}
            \(sourcesYAML)
            """.write(toFile: configFile, atomically: true, encoding: .utf8)
    }

    /// Starts `crossdock-agent run`.
    func start() throws -> ChildProcess {
        try writeConfiguration()
        return try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"),
            arguments: ["run", "--config", configFile, "--status-interval", "1"], outputFile: logFile)
    }

    /// Runs another subcommand (`status`, `doctor`) to completion; returns its exit status and output.
    func command(_ name: String) async throws -> (status: Int32, output: String) {
        try writeConfiguration()
        let output = dir + "/\(name)-\(UInt32.random(in: 0...UInt32.max)).txt"
        let process = try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"), arguments: [name, "--config", configFile],
            outputFile: output)
        let status = try await waitForExit(process, within: .seconds(30))
        return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
    }

    /// The agent's log so far.
    func log() -> String {
        (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
    }

    /// The metrics port the agent logged, once it did.
    func metricsPort(within limit: Duration) async throws -> Int? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let line = log().split(separator: "\n").first(where: { $0.contains("serving /metrics") }),
                let range = line.range(of: "port=")
            {
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Fills the outbox with `count` test events, as a source would have.
    func prefill(_ count: Int, padding: Int = 200) async throws {
        let outbox = try Outbox(path: outboxPath, identity: OutboxFixture.identity)
        for batch in stride(from: 1, through: count, by: 1_000) {
            let last = min(count, batch + 999)
            try await outbox.append(OutboxFixture.events(batch...last, padding: padding), cursor: OutboxFixture.cursor(last))
        }
        try await outbox.checkpoint()
    }
}

/// A minimal HTTP/1.1 GET over a loopback socket.
enum HTTPGet {
    /// Fetches `path` on a thread of its own, so the blocking socket calls never hold a concurrency thread.
    static func fetch(port: Int, path: String, method: String = "GET") async throws
        -> (status: Int, headers: String, body: String)
    {
        try await withCheckedThrowingContinuation { continuation in
            ServerThread.start {
                continuation.resume(with: Result { try blockingFetch(port: port, path: path, method: method) })
            }
        }
    }

    private static func blockingFetch(port: Int, path: String, method: String) throws
        -> (status: Int, headers: String, body: String)
    {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw HTTPGetError(message: "cannot connect to 127.0.0.1:\(port)") }
        let request = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        for _ in 0..<10_000 {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            response += buffer[0..<count]
        }
        let text = String(decoding: response, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let status = Int(parts[0].split(separator: " ").dropFirst().first ?? "") ?? 0
        return (status, parts[0], parts.dropFirst().joined(separator: "\r\n\r\n"))
    }
}

/// A failed test HTTP request.
struct HTTPGetError: Error {
    let message: String
}
