import Foundation
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The agent and aggregator processes a run started: killed at exit, on SIGINT/SIGTERM, and by a watchdog shell if
/// this process itself is killed, so no run leaves one behind.
public enum ChaosProcesses {
    private static let children = Mutex<[pid_t: ChildProcess]>([:])
    private static let watchdogs = Mutex<[pid_t: ChildProcess]>([:])
    private static let installed: Bool = {
        atexit { ChaosProcesses.killAll() }
        return true
    }()

    /// Remembers `child` until ``remove(_:)``; a shell SIGKILLs it if this process dies first.
    static func add(_ child: ChildProcess) {
        _ = installed
        children.withLock { $0[child.pid] = child }
        let script = "while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done; kill -9 \(child.pid) 2>/dev/null"
        if let shell = try? ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", script]) {
            watchdogs.withLock { $0[child.pid] = shell }
        }
    }

    /// Forgets `child` (it has exited and was reaped).
    static func remove(_ child: ChildProcess) {
        _ = children.withLock { $0.removeValue(forKey: child.pid) }
        if let shell = watchdogs.withLock({ $0.removeValue(forKey: child.pid) }) {
            shell.send(SIGKILL)
            _ = shell.waitForExit()
        }
    }

    /// SIGKILLs every remembered process and its watchdog.
    public static func killAll() {
        let leftovers = children.withLock { children in
            defer { children.removeAll() }
            return Array(children.values)
        }
        for child in leftovers {
            child.send(SIGKILL)
            _ = child.waitForExit()
        }
        let shells = watchdogs.withLock { shells in
            defer { shells.removeAll() }
            return Array(shells.values)
        }
        for shell in shells {
            shell.send(SIGKILL)
            _ = shell.waitForExit()
        }
    }
}
