import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`: for `openssl` (PKI generation) and `mosquitto` (test brokers).
///
/// `Foundation.Process` started from async code hands the child the signal mask of the spawning thread, in which
/// SIGTERM is blocked: a broker started that way never stops on SIGTERM. This starts children with an empty
/// signal mask (`POSIX_SPAWN_SETSIGMASK`) and default signal dispositions (`POSIX_SPAWN_SETSIGDEF`).
package final class ChildProcess: Sendable {
    /// The child's process id.
    package let pid: pid_t
    /// The command line, for messages.
    package let commandLine: String
    private let exitStatus: Mutex<Int32?>
    private let cpuTime: Mutex<Double?>

    private init(pid: pid_t, commandLine: String) {
        self.pid = pid
        self.commandLine = commandLine
        self.exitStatus = Mutex(nil)
        self.cpuTime = Mutex(nil)
    }

    /// User plus system CPU seconds the child used, once it has been reaped.
    package var cpuSeconds: Double? { cpuTime.withLock { $0 } }

    private func record(_ usage: rusage) {
        let seconds =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        cpuTime.withLock { $0 = seconds }
    }

    /// An error starting or running a child process.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Starts `executable` (looked up in `PATH` unless it contains a `/`) with `arguments`.
    /// - Parameters:
    ///   - outputFile: File that receives the child's standard output and error (appended), or `nil` to discard.
    package static func spawn(executable: String, arguments: [String], outputFile: String? = nil) throws -> ChildProcess
    {
        try spawn(executable: executable, arguments: arguments) { actions in
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            if let outputFile {
                posix_spawn_file_actions_addopen(&actions, 1, outputFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            } else {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            }
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
    }

    private static func spawn(
        executable: String, arguments: [String], fileActions: (inout posix_spawn_file_actions_t) -> Void
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        fileActions(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
        let commandLine = ([executable] + arguments).joined(separator: " ")
        guard result == 0 else {
            throw Failure(description: "cannot start \(commandLine): \(String(cString: strerror(result)))")
        }
        return ChildProcess(pid: pid, commandLine: commandLine)
    }

    /// Runs `executable` to completion and returns its exit status and combined output.
    package static func run(executable: String, arguments: [String]) throws -> (status: Int32, output: String) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            throw Failure(description: "cannot create a pipe for \(executable): \(String(cString: strerror(errno)))")
        }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        // Close-on-exec (the child gets the write end through dup2): a program another thread starts meanwhile, a
        // daemon that outlives it like a postmaster, must not inherit it, or this read would wait for that program.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let child: ChildProcess
        do {
            child = try spawn(executable: executable, arguments: arguments) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
                posix_spawn_file_actions_addclose(&actions, readEnd)
                posix_spawn_file_actions_addclose(&actions, writeEnd)
            }
        } catch {
            close(readEnd)
            close(writeEnd)
            throw error
        }
        close(writeEnd)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            if count > 0 {
                output.append(contentsOf: chunk[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(readEnd)
        let status = child.waitForExit()
        return (status, String(decoding: output, as: UTF8.self))
    }

    /// Sends `signal` to the child unless it has been reaped.
    package func send(_ signal: Int32) {
        exitStatus.withLock { status in
            if status == nil { kill(pid, signal) }
        }
    }

    /// The exit status if the child has exited (reaping it), or `nil` while it runs. Killed by a signal: 128 + n.
    package func exitStatusIfExited() -> Int32? {
        exitStatus.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var usage = rusage()
            let result = wait4(pid, &raw, WNOHANG, &usage)
            if result == pid {
                status = Self.decode(raw)
                record(usage)
            } else if result < 0 && errno == ECHILD {
                status = -1
            }
            return status
        }
    }

    /// Blocks until the child exits and returns its exit status.
    package func waitForExit() -> Int32 {
        exitStatus.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            var usage = rusage()
            while true {
                let result = wait4(pid, &raw, 0, &usage)
                if result == pid {
                    status = Self.decode(raw)
                    record(usage)
                    break
                }
                if result < 0 && errno != EINTR {
                    status = -1
                    break
                }
            }
            return status ?? -1
        }
    }

    private static func decode(_ raw: Int32) -> Int32 {
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
