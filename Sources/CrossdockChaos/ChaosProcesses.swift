import CrossdockTesting
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The agent and aggregator processes a run started: killed at exit, on SIGINT/SIGTERM, and by a watchdog shell if
/// this process itself is killed, so no run leaves one behind (through the registry the test servers share).
public enum ChaosProcesses {
    private static let watchdogs = Mutex<[pid_t: ChildProcess]>([:])

    /// Remembers `child` until ``remove(_:)``; a shell SIGKILLs it if this process dies first.
    static func add(_ child: ChildProcess) {
        ChildProcessRegistry.add(child)
        if let shell = ChildProcessRegistry.watchdog(for: child) {
            watchdogs.withLock { $0[child.pid] = shell }
        }
    }

    /// Forgets `child` (it has exited and was reaped).
    static func remove(_ child: ChildProcess) {
        ChildProcessRegistry.remove(child)
        if let shell = watchdogs.withLock({ $0.removeValue(forKey: child.pid) }) {
            ChildProcessRegistry.stopWatchdog(shell)
        }
    }

    /// SIGKILLs every remembered process and its watchdog (and the run's broker, also remembered there).
    public static func killAll() {
        ChildProcessRegistry.killAll()
    }
}
