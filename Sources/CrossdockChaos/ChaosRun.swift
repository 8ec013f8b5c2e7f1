import CrossdockTesting
import Foundation
import Shared

/// One whole-system fault-injection run: starts the system, prints the schedule, produces records while the
/// faults happen on schedule, waits for the system to settle, and counts.
public enum ChaosRun {
    /// What a run ends with.
    public struct Outcome: Sendable {
        /// The count.
        public var tally: ChaosTally
        /// Processes that exited without being killed, and quota pauses seen.
        public var findings: [String]
        /// How often an agent's outbox reached its quota (sources paused).
        public var quotaPauses: Int
        /// From the start of the system to the count.
        public var duration: Duration
        /// The summary lines, last the verdict.
        public var lines: [String]
        /// Nothing lost, nothing duplicated.
        public var passed: Bool { tally.passed }
    }

    /// Runs `schedule` in a new directory under the temporary directory, printing with `print`. The directory is
    /// deleted after a run that passed unless `keep` is set; otherwise its path is printed. With a PostgreSQL
    /// `store` a throwaway server (``TestPostgres``) runs for the length of the run and is deleted after it.
    public static func run(
        _ schedule: ChaosSchedule, store: ChaosStore = .sqlite, keep: Bool = false, print: @Sendable (String) -> Void
    ) async throws -> Outcome {
        switch store {
        case .sqlite:
            return try await run(schedule, store: store, postgres: nil, keep: keep, print: print)
        case .postgresql:
            return try await TestPostgres.withServer { postgres in
                try await run(schedule, store: store, postgres: postgres, keep: keep, print: print)
            }
        }
    }

    private static func run(
        _ schedule: ChaosSchedule, store: ChaosStore, postgres: TestPostgres?, keep: Bool,
        print: @Sendable (String) -> Void
    ) async throws -> Outcome {
        let directory = NSTemporaryDirectory() + "crossdock-chaos-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let started = ContinuousClock.now
        let system = try await ChaosSystem(directory: directory, schedule: schedule, store: store, postgres: postgres)
        let outcome: Outcome
        do {
            try await system.start()
            for line in schedule.lines { print(line) }
            print("system up in \(minutesAndSeconds(started.duration(to: .now))); run directory \(directory)")
            outcome = try await drive(system, schedule: schedule, started: started, print: print)
        } catch {
            await system.shutdown()
            print("run directory kept: \(directory)")
            throw error
        }
        await system.shutdown()
        if outcome.passed && !keep {
            try? FileManager.default.removeItem(atPath: directory)
        } else {
            print("run directory kept: \(directory)")
        }
        return outcome
    }

    private static func drive(
        _ system: ChaosSystem, schedule: ChaosSchedule, started: ContinuousClock.Instant, print: @Sendable (String) -> Void
    ) async throws -> Outcome {
        let files = (0..<schedule.agents).map { system.recordsFile($0) }
        let begin = ContinuousClock.now
        func elapsed() -> Duration { begin.duration(to: .now) }
        // Each fault's start and end, in time order; a kill or restart takes a few seconds, so later steps may
        // start a little after their time.
        var steps: [(at: Duration, fault: ChaosFault, isEnd: Bool)] = []
        for scheduled in schedule.faults {
            steps.append((scheduled.at, scheduled.fault, false))
            if scheduled.fault.length > .zero { steps.append((scheduled.at + scheduled.fault.length, scheduled.fault, true)) }
        }
        steps.sort { $0.at < $1.at }
        let outageStart = schedule.faults.first { if case .outage = $0.fault { true } else { false } }?.at

        var producer = ChaosProducer(files: files)
        // Once a second: the file source reads a file to its end before it commits a partial batch, so a writer
        // appending more often than one read pass takes (debug build, loaded machine) holds every record back.
        let tick = Duration.seconds(1)
        let perTick = max(1, schedule.recordsPerSecond)
        var next = 0
        var burstDone = outageStart == nil
        var ticks = 0
        var lastSupervision = ContinuousClock.now
        // Production: one loop, bounded by the schedule's length (plus time lost to slow kills and restarts).
        let hardStop = schedule.production + .seconds(120)
        while elapsed() < schedule.production || next < steps.count, elapsed() < hardStop {
            while next < steps.count, steps[next].at <= elapsed() {
                let step = steps[next]
                let when = elapsed().components.seconds
                if step.isEnd {
                    try await system.end(step.fault)
                    print("t+\(when) s  end: \(step.fault)")
                } else {
                    let note = try await system.begin(step.fault)
                    print("t+\(when) s  \(step.fault)\(note)")
                }
                if !burstDone, let outageStart, step.at >= outageStart {
                    try producer.append(schedule.outageBurst, only: 0)
                    burstDone = true
                }
                next += 1
            }
            if elapsed() < schedule.production {
                let due = Int(elapsed() / tick) + 1
                if due > ticks {
                    try producer.append(perTick * (due - ticks))
                    ticks = due
                }
            }
            if lastSupervision.duration(to: .now) > .seconds(1) {
                try await system.superviseOnce(elapsed: elapsed())
                lastSupervision = .now
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if next < steps.count {
            // Ran out of time: still end every fault so the system can settle.
            for step in steps[next...] where step.isEnd { try await system.end(step.fault) }
        }
        print("t+\(elapsed().components.seconds) s  production ended: \(producer.total) records; waiting for the system to settle")

        // Drain: until everything produced is stored and applied, or the drain limit.
        let subjects = producer.subjects
        let drainStart = ContinuousClock.now
        var tally = try system.tally(produced: subjects)
        var lastReport = ContinuousClock.now
        while !tally.settled, drainStart.duration(to: .now) < schedule.drainLimit {
            try await Task.sleep(for: .seconds(1))
            try await system.superviseOnce(elapsed: elapsed())
            tally = try system.tally(produced: subjects)
            if lastReport.duration(to: .now) > .seconds(15) {
                print(
                    "t+\(elapsed().components.seconds) s  stored \(tally.storedDistinct)/\(tally.produced), "
                        + "applied \(tally.sideEffects)")
                lastReport = .now
            }
        }
        // A moment more, so a late duplicate call has the chance to show up in the count.
        try await Task.sleep(for: .seconds(3))
        tally = try system.tally(produced: subjects)
        let duration = started.duration(to: .now)
        let findings = await system.findings
        let pauses = system.quotaPauses()
        var lines = ["chaos run (seed \(schedule.seed)): " + schedule.counts.joined(separator: ", ")]
        if let line = system.store.line { lines.append(line) }
        lines.append("duration: \(minutesAndSeconds(duration)) "
            + "(settled \(minutesAndSeconds(drainStart.duration(to: .now))) after production ended)")
        lines.append("outbox quota reached: \(pauses) times (sources paused, nothing dropped)")
        lines += findings.map { "unexpected: \($0)" }
        lines += tally.lines
        return Outcome(tally: tally, findings: findings, quotaPauses: pauses, duration: duration, lines: lines)
    }

    /// `9 min 42 s`, or `42 s` under a minute.
    public static func minutesAndSeconds(_ duration: Duration) -> String {
        let seconds = duration.components.seconds
        return seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min \(seconds % 60) s"
    }
}
