import Shared
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Servers and programs started by this process (brokers, trytond, the chaos run's agents and aggregators): killed
/// at exit if a test or run forgot (or failed) to stop them, and, through a watchdog, even if this process crashes.
package enum ChildProcessRegistry {
    private static let children = Mutex<[pid_t: ChildProcess]>([:])
    private static let installed: Bool = {
        atexit { ChildProcessRegistry.killAll() }
        return true
    }()

    /// Remembers `child` until ``remove(_:)``; it is SIGKILLed at exit.
    package static func add(_ child: ChildProcess) {
        _ = installed
        children.withLock { $0[child.pid] = child }
    }

    /// A small shell, registered here, that SIGKILLs `child` once this process is gone (a crashed test runs no
    /// cleanup and no `atexit` handler). Stop it with ``stopWatchdog(_:)`` before `child` is reaped, so that it
    /// never outlives its process id.
    package static func watchdog(for child: ChildProcess) -> ChildProcess? {
        let shell = watchdog(running: "kill -9 \(child.pid) 2>/dev/null")
        if let shell { add(shell) }
        return shell
    }

    /// A small shell that runs the shell commands `cleanup` once this process is gone, for what ``killAll()`` cannot
    /// reach (a daemon). It is not remembered here, so that ``killAll()`` at exit does not stop it before it runs;
    /// stop it with ``stopWatchdog(_:)`` when the cleanup is no longer needed.
    package static func watchdog(running cleanup: String) -> ChildProcess? {
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done\n" + cleanup
        return try? ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", script])
    }

    /// Kills and reaps a shell ``watchdog(for:)`` started, and forgets it.
    package static func stopWatchdog(_ shell: ChildProcess) {
        shell.send(SIGKILL)
        _ = shell.waitForExit()
        remove(shell)
    }

    /// Forgets `child` (it has exited and was reaped, or is stopped by its owner).
    package static func remove(_ child: ChildProcess) {
        _ = children.withLock { $0.removeValue(forKey: child.pid) }
    }

    /// SIGKILLs and reaps every remembered process.
    package static func killAll() {
        let leftovers = children.withLock { children in
            defer { children.removeAll() }
            return Array(children.values)
        }
        for child in leftovers {
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
    }
}
