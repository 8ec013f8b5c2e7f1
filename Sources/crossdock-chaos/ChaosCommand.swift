import ArgumentParser
import CrossdockChaos
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `crossdock-chaos`: the whole-system fault-injection run (`make chaos`).
@main
struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossdock-chaos",
        abstract: "Runs traffic through broker, aggregator, agents and an HTTP destination while injecting faults; "
            + "counts what was lost or duplicated.",
        discussion: "Exits 0 when nothing was lost and no side effect happened twice, 1 otherwise (naming the records).")

    @Flag(help: "The full schedule (about 10 minutes): 20 agent kills, 5 broker restarts, 5 aggregator kills, a 3-minute outage.")
    var full = false

    @Flag(help: "The short schedule of `make test` (about 1.5 minutes).")
    var short = false

    @Option(help: "The seed for the fault times (random when not given; printed either way).")
    var seed: UInt64?

    @Flag(help: "Keep the run directory (logs, store, outboxes) even when the run passes.")
    var keep = false

    @Option(help: "The aggregator's store: sqlite (one aggregator, the default) or postgresql (a throwaway PostgreSQL server shared by --aggregators instances).")
    var store = "sqlite"

    @Option(help: "How many aggregator instances share the PostgreSQL store (MQTT v5 shared subscription); needs --store postgresql.")
    var aggregators = 1

    mutating func validate() throws {
        if full && short { throw ValidationError("choose one of --full and --short") }
        if store != "sqlite" && store != "postgresql" {
            throw ValidationError("--store is sqlite or postgresql, not \(store)")
        }
        if aggregators < 1 { throw ValidationError("--aggregators needs at least 1") }
        if store == "sqlite" && aggregators != 1 {
            throw ValidationError("several aggregators need a shared store: add --store postgresql")
        }
    }

    func run() async throws {
        let seed = seed ?? UInt64.random(in: 1...999_999)
        let schedule = ChaosSchedule(short ? .short : .full, seed: seed)
        // Ctrl-C or SIGTERM: kill the run's processes (the broker's are killed at exit) and stop.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("crossdock-chaos: interrupted; stopping every process\n".utf8))
                ChaosProcesses.killAll()
                Glibc.exit(130)
            }
            source.resume()
            sources.append(source)
        }
        // Unbuffered, so the schedule and the faults show as they happen when the output is a pipe.
        let write: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        let chaosStore: ChaosStore = store == "postgresql" ? .postgresql(instances: aggregators) : .sqlite
        let outcome = try await ChaosRun.run(schedule, store: chaosStore, keep: keep, print: write)
        for line in outcome.lines { write(line) }
        sources.forEach { $0.cancel() }
        if !outcome.passed { throw ExitCode(1) }
    }
}
