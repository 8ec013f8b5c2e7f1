import ArgumentParser
import CrossdockTesting
import EdgeAgent
import Foundation
import Logging
import Shared
import WireProtocol

/// `crossdock-bench agent`: the agent's capture and forwarding throughput, drain time and memory, next to raw
/// SQLite and `mosquitto_pub` baselines measured in the same run.
struct AgentBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Agent capture → outbox and outbox → broker throughput, 1 M drain time and RSS, with baselines.",
        discussion: """
            In one run, on a TLS mosquitto on a free loopback port: (1) raw SQLite batched inserts of the same \
            rows (baseline); (2) capture → outbox through Outbox.append, in this process; (3) a real \
            crossdock-agent process forwarding a prefilled outbox to an acknowledging subscriber (outbox → broker \
            events/s); (4) the same agent draining --drain-events buffered events; (5) mosquitto_pub --repeat QoS 1 \
            on the same broker (baseline); and the agent process's peak RSS, and its idle RSS at 3, 10 and 40 s \
            next to an agent that keeps its start-up pages (memory.release_when_idle: false).
            """)

    @Option(help: "Events captured and forwarded in the throughput runs.")
    var events = 200_000

    @Option(help: "Buffered events for the drain measurement.")
    var drainEvents = 1_000_000

    @Option(help: "Events per append (a source's batch).")
    var batch = 1_000

    @Option(help: "Bytes of padding in each event's data (events are about 260 bytes plus this).")
    var padding = 200

    @Option(help: "Messages of the mosquitto_pub baseline.")
    var baselineMessages = 100_000

    @Option(help: "Seconds after which a forwarding run gives up.")
    var timeout = 300

    @Option(name: .customLong("idle-at"), help: "Seconds after start at which the idle agents' RSS is sampled (repeatable).")
    var idleAt: [Int] = [3, 10, 40]

    func validate() throws {
        guard events > 0, drainEvents > 0, batch > 0, padding >= 0, baselineMessages > 0, timeout > 0 else {
            throw ValidationError("every count must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "crossdock.bench")
        logger.logLevel = .warning
        let work = NSTemporaryDirectory() + "crossdock-bench-agent-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let identity = try AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a")
        let workload = AgentWorkload(identity: identity, padding: padding, batch: batch)
        let eventBytes = workload.eventBytes
        print("crossdock-bench agent: events of \(eventBytes) bytes, appends of \(batch), SQLite WAL synchronous=FULL")

        let raw = try workload.rawSQLiteInserts(count: events, path: work + "/raw.sqlite")
        print("raw SQLite batched inserts: \(Format.grouped(Int(raw))) rows/s")
        let capture = try await workload.capture(count: events, path: work + "/capture.sqlite")
        let benchPeak = ProcessMemory.peakResident()
        print("capture → outbox: \(Format.grouped(Int(capture))) events/s")

        let rows = try await TestBroker.withBroker(
            .tls, logTypes: ["error", "warning", "notice", "information"], logger: logger
        ) { broker -> [AgentBenchmarkRow] in
            let agentRun = AgentProcessRun(broker: broker, directory: work, timeout: .seconds(timeout), logger: logger)
            let forward = try await agentRun.forward(outbox: work + "/capture.sqlite", count: events)
            print("outbox → broker (agent process): \(forward.summary)")
            let drainCapture = try await workload.capture(count: drainEvents, path: work + "/drain.sqlite")
            print("buffered \(drainEvents) events (capture \(Format.grouped(Int(drainCapture))) events/s)")
            let drain = try await agentRun.forward(outbox: work + "/drain.sqlite", count: drainEvents)
            print("drain: \(drain.summary)")
            let idleOffsets = idleAt.sorted()
            let idle = try await agentRun.idleResident(directory: work, at: idleOffsets.map { .seconds($0) })
            let idleText = { (samples: [Int?]) in samples.map { ProcessMemory.megabytes($0) }.joined(separator: " / ") }
            let secondsText = idleOffsets.map(String.init).joined(separator: " / ")
            print("idle RSS at \(secondsText) s: \(idleText(idle.released)) MB; start-up pages kept: \(idleText(idle.kept)) MB")
            let parameters = MQTTBenchmarkParameters(
                messages: baselineMessages, payloadBytes: eventBytes, window: 1_000, mosquittoInflight: 1_000,
                timeout: .seconds(timeout))
            let baseline = try await MosquittoClientsRun(parameters: parameters, broker: broker).run()
            print("baseline: \(baseline.summary)")
            let rate = { (value: Double) in Format.grouped(Int(value.rounded())) }
            return [
                AgentBenchmarkRow(
                    measurement: "raw SQLite batched inserts (baseline)", value: rate(raw), unit: "rows/s",
                    target: "", note: "same rows, \(batch) per transaction, WAL + FULL"),
                AgentBenchmarkRow(
                    measurement: "capture → outbox (Outbox.append)", value: rate(capture), unit: "events/s",
                    target: "≥ 100,000", note: "\(events) events, stamped, encoded, cursor per append"),
                AgentBenchmarkRow(
                    measurement: "outbox → broker, acknowledged", value: forward.completed ? rate(forward.rate) : "–",
                    unit: "events/s", target: "",
                    note: "agent process → TLS mosquitto → acknowledging subscriber; \(events) events"),
                AgentBenchmarkRow(
                    measurement: "mosquitto_pub --repeat -q 1 (baseline)",
                    value: baseline.completed ? rate(baseline.rate) : "–", unit: "msg/s (1 event each)", target: "",
                    note: "\(baselineMessages) messages of \(eventBytes) bytes → mosquitto_sub"),
                AgentBenchmarkRow(
                    measurement: "drain of \(Format.grouped(drainEvents)) buffered events",
                    value: drain.completed ? Format.decimal(drain.seconds, digits: 1) : "–", unit: "s",
                    target: "< 60 s", note: drain.completed ? "\(rate(drain.rate)) events/s, outbox empty after" : drain.note),
                AgentBenchmarkRow(
                    measurement: "agent peak RSS under load", value: ProcessMemory.megabytes(drain.peakResident),
                    unit: "MB", target: "< 40 MB", note: "VmHWM of the crossdock-agent process during the drain"),
                AgentBenchmarkRow(
                    measurement: "agent RSS after the drain, idle",
                    value: ProcessMemory.megabytes(drain.residentAfterIdle), unit: "MB", target: "",
                    note: "VmRSS of the same agent 3 s after its outbox was empty"),
                AgentBenchmarkRow(
                    measurement: "agent idle RSS", value: ProcessMemory.megabytes(Self.largest(idle.released)),
                    unit: "MB", target: "< 20 MB",
                    note: "largest VmRSS of a connected agent with an empty outbox at \(secondsText) s"),
                AgentBenchmarkRow(
                    measurement: "agent idle RSS, start-up pages kept", value: ProcessMemory.megabytes(Self.largest(idle.kept)),
                    unit: "MB", target: "",
                    note: "the same with memory.release_when_idle: false (pages left for the kernel to reclaim)"),
                AgentBenchmarkRow(
                    measurement: "bench process peak RSS (capture part)", value: ProcessMemory.megabytes(benchPeak),
                    unit: "MB", target: "", note: "VmHWM of this process after the in-process capture"),
            ]
        }
        print("")
        print(AgentBenchmarkTable(rows: rows).render())
    }

    /// The largest of `samples`, or `nil` if any is missing (a process that exited).
    private static func largest(_ samples: [Int?]) -> Int? {
        samples.contains { $0 == nil } ? nil : samples.compactMap { $0 }.max()
    }
}
