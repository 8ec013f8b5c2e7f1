import CrossdockTesting
import EdgeAgent
import Foundation
import Logging
import Shared

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a real `crossdock-agent` process against the benchmark broker and measures how fast it empties an outbox.
struct AgentProcessRun {
    /// The outcome of one forwarding run.
    struct Result {
        let count: Int
        let seconds: Double
        let completed: Bool
        let peakResident: Int?
        let note: String

        var rate: Double { seconds > 0 ? Double(count) / seconds : 0 }
        var summary: String {
            completed
                ? "\(Format.grouped(Int(rate.rounded()))) events/s, \(count) events in \(Format.decimal(seconds, digits: 2)) s, "
                    + "peak RSS \(ProcessMemory.megabytes(peakResident)) MB"
                : "incomplete: \(note)"
        }
    }

    let broker: TestBroker
    let directory: String
    let timeout: Duration
    let logger: Logger

    /// Starts an agent on `outbox` (holding sequences 1…count), waits until the acknowledging subscriber has every
    /// event and the outbox is empty, and stops the agent.
    func forward(outbox: String, count: Int) async throws -> Result {
        let acknowledger = try await TestAcknowledger.start(broker: broker, recordEvents: false, logger: logger)
        defer { Task { await acknowledger.stop() } }
        let clock = ContinuousClock()
        let start = clock.now
        let agent = try startAgent(outbox: outbox, name: "forward-\(count)")
        defer { stop(agent) }
        let deadline = start + timeout
        var delivered = false
        while clock.now < deadline {
            if acknowledger.distinctCount >= UInt64(count) {
                delivered = true
                break
            }
            if let status = agent.exitStatusIfExited() {
                return Result(
                    count: count, seconds: 0, completed: false, peakResident: nil,
                    note: "the agent exited with status \(status); see \(directory)/agent-forward-\(count).log")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        // The last acks must reach the outbox too: wait until it is empty.
        var emptied = false
        while delivered, clock.now < deadline {
            if (try? OutboxInspector.report(path: outbox).backlog) == 0 {
                emptied = true
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let elapsed = (clock.now - start).secondsValue
        let peak = ProcessMemory.peakResident(pid: String(agent.pid))
        let note =
            delivered
            ? (emptied ? "" : "delivered, but the outbox was not empty in time")
            : "\(acknowledger.distinctCount)/\(count) delivered before the timeout"
        return Result(count: count, seconds: elapsed, completed: delivered && emptied, peakResident: peak, note: note)
    }

    /// The resident memory of a connected agent with an empty outbox, after 3 s.
    func idleResident(outbox: String) async throws -> Int? {
        let agent = try startAgent(outbox: outbox, name: "idle")
        defer { stop(agent) }
        try await Task.sleep(for: .seconds(3))
        return ProcessMemory.resident(pid: String(agent.pid))
    }

    private func startAgent(outbox: String, name: String) throws -> ChildProcess {
        let configuration = "\(directory)/agent-\(name).yaml"
        try AgentConfigurationYAML(broker: broker, certificate: TestPKI.agentA, outbox: outbox).render()
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        return try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"), arguments: ["run", "--config", configuration],
            outputFile: "\(directory)/agent-\(name).log")
    }

    private func stop(_ agent: ChildProcess) { agent.terminate() }
}
