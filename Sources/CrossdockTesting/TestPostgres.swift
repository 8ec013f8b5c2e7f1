import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real, throwaway PostgreSQL 15 server on a free loopback port, for tests.
///
/// ```swift
/// try await TestPostgres.withServer { server in
///     try server.psql("CREATE TABLE orders (id int PRIMARY KEY, updated_at timestamptz)")
///     … connect to server.host:server.port as server.user with server.password …
/// }
/// ```
///
/// `initdb` creates a cluster in a private temporary directory with a superuser ``user`` whose password is
/// ``password``: TCP connections (what the code under test uses) must give it (SCRAM), while ``psql(_:)`` uses
/// the Unix socket in the directory without one. PostgreSQL refuses to run as root, so as root the server runs
/// as the `postgres` user (through `runuser`). ``stop()`` and ``start()`` take the server away and bring it back
/// on the same port; ``withServer(_:)`` always stops it and deletes its directory, also when the body throws.
public final class TestPostgres: Sendable {
    /// Always 127.0.0.1.
    public let host = "127.0.0.1"
    /// The listening port (the same after a restart).
    public var port: Int { portNumber.withLock { $0 } }
    /// Chosen when the server is made; replaced only if someone else takes it before the first start.
    private let portNumber: Mutex<Int>
    /// The superuser the cluster was created with.
    public let user = "crossdock"
    /// The superuser's password (random per server).
    public let password: String
    /// The database to connect to.
    public let database = "postgres"
    /// The private directory: cluster (`data/`), socket, log.
    public let directory: String
    /// The server's log file.
    public var logFile: String { directory + "/postgres.log" }

    private let binDirectory: String
    private let running: Mutex<Bool>
    /// A shell that stops the server and deletes its directory once this process is gone (Ctrl-C of a run, a
    /// crash, `kill -9`), when no ``remove()`` runs.
    private let watchdog = Mutex<ChildProcess?>(nil)
    /// Whether commits reach the disk (`fsync` on, PostgreSQL's default); tests run with it off, for speed.
    public let durable: Bool

    private init(port: Int, password: String, directory: String, binDirectory: String, durable: Bool) {
        self.durable = durable
        self.portNumber = Mutex(port)
        self.password = password
        self.directory = directory
        self.binDirectory = binDirectory
        self.running = Mutex(false)
    }

    /// Starts a server, runs `body`, and always stops the server and deletes its directory afterwards.
    ///
    /// - Parameters:
    ///   - durable: `fsync` on, as in production (for benchmarks); off by default, for tests.
    ///   - firstPort: the port to try first instead of a free one (to test what happens when it is taken).
    public static func withServer<Result>(
        durable: Bool = false, firstPort: Int? = nil, _ body: (TestPostgres) async throws -> Result
    ) async throws -> Result {
        // initdb and pg_ctl take seconds: waited for on threads of their own (BlockingWork), not the shared pool's.
        let server = try await BlockingWork.run { try create(durable: durable, port: firstPort) }
        do {
            try await BlockingWork.run { try server.startFirstTime() }
            let result = try await body(server)
            try? await BlockingWork.run { server.remove() }
            return result
        } catch {
            try? await BlockingWork.run { server.remove() }
            throw error
        }
    }

    /// Whether the server is running (as far as this object started and stopped it).
    public var isRunning: Bool { running.withLock { $0 } }

    /// Starts the new server. A free port can be taken by someone else (another test's server) while `initdb` runs:
    /// then the server starts on another one, as ``TestBroker`` does.
    private func startFirstTime() throws {
        var lastError: TestPostgresError?
        for _ in 0..<5 {
            do {
                try start()
                return
            } catch let error as TestPostgresError where error.description.contains("Address already in use") {
                lastError = error
                let next = try TestBroker.freePort()
                portNumber.withLock { $0 = next }
            }
        }
        throw lastError!
    }

    /// Starts the stopped server on its port and waits until it accepts connections.
    public func start() throws {
        let options =
            "-c listen_addresses=\(host) -p \(port) -k \(directory)"
            + (durable ? "" : " -c fsync=off -c full_page_writes=off")
        let (status, output) = try runAsServerUser(
            binDirectory + "/pg_ctl",
            ["-D", directory + "/data", "-o", options, "-l", logFile, "-w", "-t", "30", "start"])
        guard status == 0 else {
            throw TestPostgresError("pg_ctl start failed (\(status)): \(output)\n\(logTail())")
        }
        running.withLock { $0 = true }
    }

    /// Stops the server (`pg_ctl stop -m fast`): open connections are cut, as when a database host goes away.
    public func stop() throws {
        let (status, output) = try runAsServerUser(
            binDirectory + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "30", "stop"])
        guard status == 0 else { throw TestPostgresError("pg_ctl stop failed (\(status)): \(output)") }
        running.withLock { $0 = false }
    }

    /// Runs SQL as the superuser over the server's Unix socket and returns `psql -At` output (rows as lines,
    /// columns separated by `|`); throws with psql's message when a statement fails.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let (status, output) = try runAsServerUser(
            binDirectory + "/psql",
            [
                "-h", directory, "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-X", "-q",
                "-At", "-c", sql,
            ])
        guard status == 0 else { throw TestPostgresError("psql failed (\(status)) on `\(sql.prefix(200))`: \(output)") }
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }

    /// The end of the server's log, for failure messages.
    public func logTail(lines: Int = 20) -> String {
        guard let file = fopen(logFile, "r") else { return "(no server log)" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Stops the server if it runs and deletes its directory.
    public func remove() {
        if isRunning { try? stop() }
        _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory])
        if let shell = watchdog.withLock({ $0.take() }) { ChildProcessRegistry.stopWatchdog(shell) }
    }

    private static func create(durable: Bool, port: Int?) throws -> TestPostgres {
        let binDirectory = try findBinDirectory()
        let directory = try makeDirectory()
        do {
            var generator = SystemRandomNumberGenerator()
            let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
            let password = String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
            let server = TestPostgres(
                port: try port ?? TestBroker.freePort(), password: password, directory: directory, binDirectory: binDirectory,
                durable: durable)
            let passwordFile = directory + "/password"
            try write(password + "\n", to: passwordFile)
            try handToServerUser(passwordFile)
            let (status, output) = try server.runAsServerUser(
                binDirectory + "/initdb",
                [
                    "-D", directory + "/data", "-U", server.user, "--auth-local=trust", "--auth-host=scram-sha-256",
                    "--pwfile=\(passwordFile)", "-E", "UTF8", "--no-sync", "--no-instructions",
                ])
            guard status == 0 else { throw TestPostgresError("initdb failed (\(status)): \(output)") }
            server.startWatchdog()
            return server
        } catch {
            _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory])
            throw error
        }
    }

    /// Starts the shell behind ``watchdog``. The server is a daemon (`pg_ctl` detaches it), so the registry that
    /// kills brokers and agents at exit does not reach it: this shell waits for this process to end, then shuts the
    /// server down immediately (SIGQUIT to the postmaster, which stops its backends) and deletes the directory.
    private func startWatchdog() {
        let cleanup = """
            pid=$(head -n 1 \(directory)/data/postmaster.pid 2>/dev/null)
            if [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null; then
              for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            fi
            rm -rf \(directory)
            """
        let shell = ChildProcessRegistry.watchdog(running: cleanup)
        watchdog.withLock { $0 = shell }
    }

    private func runAsServerUser(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String)
    {
        if geteuid() == 0 {
            return try ChildProcess.run(
                executable: "runuser", arguments: ["-u", "postgres", "--", executable] + arguments)
        }
        return try ChildProcess.run(executable: executable, arguments: arguments)
    }

    private static func findBinDirectory() throws -> String {
        for version in ["17", "16", "15", "14", "13"] {
            let candidate = "/usr/lib/postgresql/\(version)/bin"
            if access(candidate + "/initdb", X_OK) == 0 { return candidate }
        }
        throw TestPostgresError(
            "no PostgreSQL server found in /usr/lib/postgresql/*/bin; install it: apt-get install postgresql")
    }

    private static func makeDirectory() throws -> String {
        var template = Array("/tmp/crossdock-postgres-XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw TestPostgresError("cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: result)
        chmod(path, 0o700)
        try handToServerUser(path)
        return path
    }

    /// As root, gives `path` to the `postgres` user, which the server and initdb run as.
    private static func handToServerUser(_ path: String) throws {
        guard geteuid() == 0 else { return }
        guard let account = getpwnam("postgres") else {
            throw TestPostgresError("there is no postgres user; install the server: apt-get install postgresql")
        }
        guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw TestPostgresError("cannot chown \(path): \(String(cString: strerror(errno)))")
        }
    }

    private static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else {
            throw TestPostgresError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        fputs(text, file)
    }
}

/// An error starting, stopping or querying a test PostgreSQL server.
public struct TestPostgresError: Error, CustomStringConvertible {
    /// What happened, with the tool's output.
    public let description: String
    init(_ description: String) { self.description = description }
}
