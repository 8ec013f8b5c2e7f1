import Foundation
import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real Tryton 6.0 (Debian's `tryton-server` with the sale modules) for tests of the ERP connector.
///
/// ```swift
/// let tryton = try await TestTryton.shared()
/// try await tryton.withServer { server in
///     let client = TrytonClient(url: server.url, database: server.database, user: server.user, …)
///     …
/// }
/// ```
///
/// The first ``shared()`` of a test process creates the database with `scripts/tryton/setup_database.py`
/// (`trytond-admin`, then proteus seeds a company, a chart of accounts, products with stock, a customer and the
/// confirmed sales ``saleNumbers``) and keeps it as a pristine SQLite file; later calls reuse it. Each
/// ``withServer(_:)`` copies the pristine file into a private directory, starts `trytond` on a free loopback port,
/// runs the body, and always stops the server (SIGTERM, then SIGKILL) and deletes the directory. A watchdog
/// kills the server if the test process dies first. Nothing is installed here: `make deps` installs
/// `tryton-server`, `tryton-modules-sale` and `tryton-proteus`.
public final class TestTryton: Sendable {
    /// The database name (the pristine file is `crossdock.sqlite`; the URL path is the name).
    public static let database = "crossdock"
    /// The directory holding the pristine database and its setup log.
    public let directory: String
    /// The admin user's password (random per test process).
    public let password: String
    /// The numbers of the confirmed sales the seed created, in order.
    public let saleNumbers: [String]
    /// Wall-clock seconds the database setup took (trytond-admin plus the seed).
    public let setupSeconds: Double

    private init(directory: String, password: String, saleNumbers: [String], setupSeconds: Double) {
        self.directory = directory
        self.password = password
        self.saleNumbers = saleNumbers
        self.setupSeconds = setupSeconds
    }

    private static let setup = Mutex<Task<TestTryton, any Error>?>(nil)

    /// The process's initialised database, created on the first call (about a minute on an idle machine).
    public static func shared() async throws -> TestTryton {
        let task = setup.withLock { task in
            if let task { return task }
            let created = Task { try await create() }
            task = created
            return created
        }
        return try await task.value
    }

    /// Serves a fresh copy of the pristine database, runs `body`, and always stops the server.
    public func withServer<Result>(_ body: (TestTrytonServer) async throws -> Result) async throws -> Result {
        let server = try await TestTrytonServer.start(pristine: directory + "/\(Self.database).sqlite", password: password)
        do {
            let result = try await body(server)
            await server.remove()
            return result
        } catch {
            await server.remove()
            throw error
        }
    }

    /// `scripts/tryton/setup_database.py` in this package's checkout.
    static var setupScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/tryton/setup_database.py").path
    }

    private static func create() async throws -> TestTryton {
        for tool in ["/usr/bin/trytond", "/usr/bin/trytond-admin", "/usr/bin/python3"]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestTrytonError("\(tool) is missing; run `make deps` (tryton-server, tryton-modules-sale, tryton-proteus)")
        }
        let directory = NSTemporaryDirectory() + "crossdock-tryton-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        TestTrytonCleanup.register(directory: directory)
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let password = String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
        try (password + "\n").write(toFile: directory + "/admin-password", atomically: true, encoding: .utf8)
        let log = directory + "/setup.log"
        let started = Date()
        let child = try ChildProcess.spawn(
            executable: "/usr/bin/python3",
            arguments: [
                setupScript, "--directory", directory, "--database", database, "--password-file",
                directory + "/admin-password",
            ],
            outputFile: log)
        ChildProcessRegistry.add(child)
        // A hang guard only: the setup takes about a minute, several on a busy machine.
        var status: Int32?
        for _ in 0..<(30 * 60 * 10) {
            status = child.exitStatusIfExited()
            if status != nil { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        ChildProcessRegistry.remove(child)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard let status else {
            child.send(SIGKILL)
            _ = child.waitForExit()
            throw TestTrytonError("the Tryton setup did not finish within 30 minutes; its log:\n\(output.suffix(3000))")
        }
        guard status == 0, let last = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
            let json = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any],
            let sales = json["sales"] as? [String]
        else {
            throw TestTrytonError("the Tryton setup failed (status \(status)); its log:\n\(output.suffix(3000))")
        }
        return TestTryton(
            directory: directory, password: password, saleNumbers: sales,
            setupSeconds: Date().timeIntervalSince(started))
    }
}

/// A running `trytond` serving a private copy of the pristine database, on a free loopback port.
public final class TestTrytonServer: Sendable {
    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }
    /// The listening port.
    public let port: Int
    /// The database name.
    public let database = TestTryton.database
    /// The user with every group (including stock force assignment).
    public let user = "admin"
    /// The user's password.
    public let password: String
    /// The server's private directory (configuration, database copy, log).
    public let directory: String
    private let process: Mutex<ChildProcess?>
    private let watchdog: Mutex<ChildProcess?>

    private init(port: Int, password: String, directory: String) {
        self.port = port
        self.password = password
        self.directory = directory
        self.process = Mutex(nil)
        self.watchdog = Mutex(nil)
    }

    static func start(pristine: String, password: String) async throws -> TestTrytonServer {
        let directory = NSTemporaryDirectory() + "crossdock-trytond-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let server = TestTrytonServer(port: try TestBroker.freePort(), password: password, directory: directory)
        do {
            try FileManager.default.copyItem(atPath: pristine, toPath: directory + "/\(server.database).sqlite")
            let configuration = """
                [database]
                uri = sqlite://
                path = \(directory)

                [web]
                listen = 127.0.0.1:\(server.port)

                [session]
                timeout = 86400
                """
            try configuration.write(toFile: directory + "/trytond.conf", atomically: true, encoding: .utf8)
            try await server.launch()
            return server
        } catch {
            await server.remove()
            throw error
        }
    }

    private func launch() async throws {
        let child = try ChildProcess.spawn(
            executable: "/usr/bin/trytond", arguments: ["-c", directory + "/trytond.conf"], outputFile: logFile)
        ChildProcessRegistry.add(child)
        process.withLock { $0 = child }
        if let shell = ChildProcessRegistry.watchdog(for: child) {
            watchdog.withLock { $0 = shell }
        }
        // A hang guard: trytond listens within seconds.
        for _ in 0..<600 {
            if let status = child.exitStatusIfExited() {
                throw TestTrytonError("trytond exited with status \(status) while starting; its log:\n\(logTail())")
            }
            if TestBroker.portAccepts(port) { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        throw TestTrytonError("trytond did not listen on port \(port) within 60 s; its log:\n\(logTail())")
    }

    /// The server's log file.
    public var logFile: String { directory + "/trytond.log" }

    /// The end of the server's log, for failure messages.
    public func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Stops the server (SIGTERM, SIGKILL after 5 s) and its watchdog. Safe to call twice.
    public func stop() async {
        if let shell = watchdog.withLock({ shell -> ChildProcess? in defer { shell = nil }; return shell }) {
            ChildProcessRegistry.stopWatchdog(shell)
        }
        guard let child = process.withLock({ child -> ChildProcess? in defer { child = nil }; return child }) else { return }
        child.send(SIGTERM)
        var exited = false
        for _ in 0..<50 {
            if child.exitStatusIfExited() != nil {
                exited = true
                break
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        if !exited {
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
        ChildProcessRegistry.remove(child)
    }

    /// Stops the server and deletes its directory.
    public func remove() async {
        await stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// An error setting up or starting the test Tryton; the message includes the end of its log.
public struct TestTrytonError: Error, CustomStringConvertible {
    /// What happened.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Directories of the test Tryton, removed at process exit once the processes started here are killed.
enum TestTrytonCleanup {
    private static let directories = Mutex<[String]>([])
    private static let installed: Bool = {
        atexit { TestTrytonCleanup.cleanUp() }
        return true
    }()

    static func register(directory: String) {
        _ = installed
        directories.withLock { $0.append(directory) }
    }

    static func cleanUp() {
        ChildProcessRegistry.killAll()
        for directory in directories.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: directory) }
    }
}
