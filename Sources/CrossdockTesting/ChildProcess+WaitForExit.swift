import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Waits for `process` to exit, polling; kills it and throws if it takes longer than `limit`.
///
/// The limit guards against a hang: a test that reaches it fails with the command line in the message.
package func waitForExit(_ process: ChildProcess, within limit: Duration) async throws -> Int32 {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if let status = process.exitStatusIfExited() { return status }
        try await Task.sleep(for: .milliseconds(20))
    }
    process.send(SIGKILL)
    _ = process.waitForExit()
    throw CommandFailure("\(process.commandLine) did not exit within \(limit)")
}
