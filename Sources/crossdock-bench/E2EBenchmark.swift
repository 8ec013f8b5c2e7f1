import ArgumentParser
import CrossdockTesting
import Foundation
import Logging
import Shared
import WireProtocol

/// `crossdock-bench e2e`: the whole path with the real programs, from a record written at the edge to the event
/// stored centrally, acknowledged and deleted from the agent's outbox, next to baselines measured in the same run.
struct E2EBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "End-to-end events/s, latency at 1,000 events/s, 1 M backlog drain and peak RSS of the real programs.",
        discussion: """
            Starts a mosquitto with TLS, client certificates and the crossdock ACL on a free loopback port, and \
            measures two baselines on it and on the same disk: raw SQLite batched inserts, and mosquitto_pub \
            --repeat -q 1 → mosquitto_sub -q 1. Then it starts the real crossdock-aggregator (SQLite store) and N \
            real crossdock-agent processes, each tailing its own JSON-lines file, and measures: (1) events/s from \
            records appended at full speed until the store holds them all and every outbox is empty; (2) latency \
            at a fixed rate, from each record's write to the first read of the store that sees its event; (3) with \
            the broker stopped, a backlog captured into the outboxes, then the time from the broker's restart until \
            the store holds it all and the outboxes are empty; and the peak RSS (VmHWM) of every process. Prints \
            one table and writes the results as JSON.
            """)

    @Option(help: "crossdock-agent processes (1 to \(IngestRun.identities.count)).")
    var agents = 2

    @Option(help: "Records of the throughput phase, split between the agents.")
    var events = 300_000

    @Option(help: "Records per second of the latency phase, over all agents.")
    var latencyRate = 1_000

    @Option(help: "Seconds of the latency phase.")
    var latencySeconds = 15

    @Option(help: "Records buffered while the broker is down, then drained.")
    var backlog = 1_000_000

    @Option(help: "Messages of the mosquitto_pub baseline.")
    var baselineMessages = 100_000

    @Option(help: "Bytes per message of the mosquitto_pub baseline (about one captured event).")
    var baselineBytes = 450

    @Option(help: "Rows of the raw SQLite baseline.")
    var rawRows = 200_000

    @Option(help: "The file source's poll_interval.")
    var pollInterval = "10ms"

    @Option(help: "The forwarder's backlog_rate (events/s after an outage; 0: unlimited).")
    var backlogRate = 0

    @Option(help: "Seconds after which a phase gives up.")
    var timeout = 180

    @Option(help: "Where to write the results as JSON (default: bench-e2e.json next to this program).")
    var json: String?

    @Flag(help: "Keep the working directory (configurations, logs, outboxes, store) instead of deleting it.")
    var keep = false

    func validate() throws {
        guard (1...IngestRun.identities.count).contains(agents) else {
            throw ValidationError("--agents is between 1 and \(IngestRun.identities.count)")
        }
        guard events > 0, latencyRate > 0, latencySeconds > 0, backlog > 0, baselineMessages > 0, baselineBytes > 0,
            rawRows > 0, timeout > 0, backlogRate >= 0
        else { throw ValidationError("every count and duration must be positive") }
    }

    func run() async throws {
        var logger = Logger(label: "crossdock.bench")
        logger.logLevel = .warning
        let work = NSTemporaryDirectory() + "crossdock-bench-e2e-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        var keepWork = keep
        defer { if !keepWork { try? FileManager.default.removeItem(atPath: work) } }
        var report = E2EReport(
            date: ISO8601DateFormatter().string(from: Date()), machine: Self.machine(), settings: settings,
            baselines: E2EReport.Baselines(mosquittoPubMessagesPerSecond: nil, mosquittoNote: "", rawSQLiteRowsPerSecond: 0))
        print(
            "crossdock-bench e2e: \(agents) agent\(agents == 1 ? "" : "s"), mosquitto \(report.machine.mosquitto) over "
                + "TLS, \(report.machine.cores) cores, load average \(report.machine.loadAverageAtStart.map { Format.decimal($0, digits: 2) }.joined(separator: " "))")

        // Raw SQLite baseline: rows about the size of an event, on the same disk.
        let workload = AgentWorkload(
            identity: try AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a"), padding: 150, batch: 1_000)
        report.baselines.rawSQLiteRowsPerSecond = try workload.rawSQLiteInserts(count: rawRows, path: work + "/raw.sqlite")
        print("raw SQLite batched inserts: \(Format.grouped(Int(report.baselines.rawSQLiteRowsPerSecond))) rows/s")

        report = try await TestBroker.withBroker(
            .tls, extraIdentities: Array(IngestRun.identities.dropFirst(2)),
            logTypes: ["error", "warning", "notice", "information"], logger: logger
        ) { broker in
            var report = report
            // mosquitto_pub baseline, before the aggregator subscribes to the agents' topics.
            let parameters = MQTTBenchmarkParameters(
                messages: baselineMessages, payloadBytes: baselineBytes, window: 1_000, mosquittoInflight: 1_000,
                timeout: .seconds(timeout))
            let baseline = try await MosquittoClientsRun(parameters: parameters, broker: broker).run()
            report.baselines.mosquittoPubMessagesPerSecond = baseline.completed ? baseline.rate : nil
            report.baselines.mosquittoNote = baseline.note
            print("mosquitto_pub baseline: \(baseline.completed ? Format.grouped(Int(baseline.rate)) + " msg/s" : baseline.note)")

            let cluster = try await E2ECluster.start(
                broker: broker, directory: work, agentCount: agents,
                settings: E2ECluster.Settings(pollInterval: pollInterval, backlogRate: backlogRate))
            var peaks: [String: Int] = [:]
            do {
                let run = try E2ERun(cluster: cluster, timeout: .seconds(timeout))
                try await run.warmUp(events: 100 * agents)
                print("throughput: \(Format.grouped(events)) records …")
                let throughput = try await run.throughput(events: events)
                report.throughput = throughput
                print("  \(Format.grouped(Int(throughput.eventsPerSecond))) events/s")
                Self.recordPeaks(cluster, into: &peaks)
                print("latency: \(Format.grouped(latencyRate)) records/s for \(latencySeconds) s …")
                let latency = try await run.latency(
                    events: latencyRate * latencySeconds, rate: Double(latencyRate))
                report.latency = latency
                print("  p50 \(Format.decimal(latency.visible.p50, digits: 1)) ms, p99 \(Format.decimal(latency.visible.p99, digits: 1)) ms")
                Self.recordPeaks(cluster, into: &peaks)
                print("backlog: \(Format.grouped(backlog)) records with the broker down …")
                let drained = try await run.backlog(events: backlog) {
                    Self.recordPeaks(cluster, into: &peaks)
                    await broker.stop()
                }
                report.backlog = drained
                print("  captured in \(Format.decimal(drained.captureSeconds, digits: 1)) s, drained in \(Format.decimal(drained.drainSeconds, digits: 1)) s")
                Self.recordPeaks(cluster, into: &peaks)
            } catch {
                print("  the run stopped: \(error)")
                report.failures.append("\(error)")
                Self.recordPeaks(cluster, into: &peaks)
            }
            cluster.stop()
            report.peakResidentBytes = peaks
            if let totals = try? E2EStoreWatcher(path: cluster.storePath).totals() {
                (report.storedEvents, report.exceptions, report.meanEventBytes) = totals
            }
            return report
        }
        report.peakResidentBytes["crossdock-bench"] = ProcessMemory.peakResident()
        report.machine.loadAverageAtEnd = ProcessCPU.loadAverages()
        let expected = Int64(100 * agents + events + latencyRate * latencySeconds + backlog)
        if report.failures.isEmpty, report.storedEvents != expected {
            report.failures.append("the store holds \(report.storedEvents) events, expected \(expected)")
        }
        if report.exceptions > 0 { report.failures.append("the store holds \(report.exceptions) exceptions") }

        print("")
        print(report.table())
        print("")
        print(
            "Events stored: \(Format.grouped(Int(report.storedEvents))) (mean \(Int(report.meanEventBytes)) B each), "
                + "exceptions: \(report.exceptions)." + (keep ? " Working directory kept: \(work)" : ""))
        for failure in report.failures { print("FAILED: \(failure)") }
        if !report.failures.isEmpty {
            keepWork = true
            print("Working directory kept for its logs: \(work)")
        }
        let path = json ?? Self.defaultJSONPath()
        try report.write(toJSON: path)
        print("JSON: \(path)")
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    private var settings: E2EReport.Settings {
        E2EReport.Settings(
            agents: agents, throughputEvents: events, latencyEvents: latencyRate * latencySeconds,
            latencyRate: Double(latencyRate), backlogEvents: backlog, filePollInterval: pollInterval,
            backlogRate: backlogRate, baselineMessages: baselineMessages, baselinePayloadBytes: baselineBytes,
            rawSQLiteRows: rawRows)
    }

    private static func recordPeaks(_ cluster: E2ECluster, into peaks: inout [String: Int]) {
        for (name, pid) in cluster.processes() {
            if let peak = ProcessMemory.peakResident(pid: String(pid)) { peaks[name] = max(peaks[name] ?? 0, peak) }
        }
    }

    private static func defaultJSONPath() -> String {
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return program.deletingLastPathComponent().appendingPathComponent("bench-e2e.json").path
    }

    private static func machine() -> E2EReport.Machine {
        let firstLine = { (executable: String, arguments: [String]) in
            ((try? ChildProcess.run(executable: executable, arguments: arguments).output) ?? "")
                .split(separator: "\n").first.map(String.init) ?? "unknown"
        }
        return E2EReport.Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: Double(ProcessInfo.processInfo.physicalMemory) / Double(1 << 30),
            kernel: firstLine("uname", ["-sr"]), swift: firstLine("swift", ["--version"]),
            mosquitto: MosquittoVersion.broker(), loadAverageAtStart: ProcessCPU.loadAverages())
    }
}
