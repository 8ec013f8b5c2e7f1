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
        /// `VmRSS` 3 s after the outbox was empty (the agent idle again), if it completed.
        var residentAfterIdle: Int?
        let note: String

        var rate: Double { seconds > 0 ? Double(count) / seconds : 0 }
        var summary: String {
            completed
                ? "\(Format.grouped(Int(rate.rounded()))) events/s, \(count) events in \(Format.decimal(seconds, digits: 2)) s, "
                    + "peak RSS \(ProcessMemory.megabytes(peakResident)) MB, "
                    + "RSS 3 s after \(ProcessMemory.megabytes(residentAfterIdle)) MB"
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
                    count: count, seconds: 0, completed: false, peakResident: nil, residentAfterIdle: nil,
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
        var afterIdle: Int?
        if emptied {
            try await Task.sleep(for: .seconds(3))
            afterIdle = ProcessMemory.resident(pid: String(agent.pid))
        }
        return Result(
            count: count, seconds: elapsed, completed: delivered && emptied, peakResident: peak,
            residentAfterIdle: afterIdle, note: note)
    }

    /// The resident memory (`VmRSS`) of two connected agents with empty outboxes, at each of `offsets` after start,
    /// sorted:
    /// one as configured by default, and one with `memory.release_when_idle: false` (keeping its start-up pages).
    func idleResident(directory: String, at offsets: [Duration]) async throws -> (released: [Int?], kept: [Int?]) {
        let released = try startAgent(outbox: directory + "/idle.sqlite", name: "idle")
        defer { stop(released) }
        let kept = try startAgent(
            outbox: directory + "/idle-kept.sqlite", name: "idle-kept", certificate: TestPKI.agentB,
            extra: "memory: {release_when_idle: false}\n")
        defer { stop(kept) }
        let clock = ContinuousClock()
        let start = clock.now
        var samples: (released: [Int?], kept: [Int?]) = ([], [])
        for offset in offsets.sorted() {
            try await clock.sleep(until: start + offset)
            samples.released.append(ProcessMemory.resident(pid: String(released.pid)))
            samples.kept.append(ProcessMemory.resident(pid: String(kept.pid)))
        }
        return samples
    }

    private func startAgent(
        outbox: String, name: String, certificate: PKIIdentity = TestPKI.agentA, extra: String = ""
    ) throws -> ChildProcess {
        let configuration = "\(directory)/agent-\(name).yaml"
        var yaml = AgentConfigurationYAML(broker: broker, certificate: certificate, outbox: outbox)
        yaml.extra = extra
        try yaml.render().write(toFile: configuration, atomically: true, encoding: .utf8)
        return try ChildProcess.spawn(
            executable: try ProductExecutable.path("crossdock-agent"), arguments: ["run", "--config", configuration],
            outputFile: "\(directory)/agent-\(name).log")
    }

    private func stop(_ agent: ChildProcess) { agent.terminate() }
}
