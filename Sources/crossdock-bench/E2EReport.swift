import Foundation

/// What `crossdock-bench e2e` measured, with the machine and the settings: printed as one table and written as
/// JSON.
struct E2EReport: Codable, Sendable {
    /// The machine the run was measured on.
    struct Machine: Codable, Sendable {
        var cores: Int
        var memoryGiB: Double
        var kernel: String
        var swift: String
        var mosquitto: String
        /// 1-, 5- and 15-minute load averages when the run started and when it ended.
        var loadAverageAtStart: [Double]
        var loadAverageAtEnd: [Double] = []
    }

    /// How the run was set up.
    struct Settings: Codable, Sendable {
        var agents: Int
        var throughputEvents: Int
        var latencyEvents: Int
        var latencyRate: Double
        var backlogEvents: Int
        var filePollInterval: String
        var backlogRate: Int
        var baselineMessages: Int
        var baselinePayloadBytes: Int
        var rawSQLiteRows: Int
    }

    /// The baselines, measured in the same run on the same broker and disk.
    struct Baselines: Codable, Sendable {
        /// `mosquitto_pub --repeat -q 1` → `mosquitto_sub -q 1`, one message per event.
        var mosquittoPubMessagesPerSecond: Double?
        var mosquittoNote: String
        /// Plain batched inserts of event-sized rows into SQLite (WAL, synchronous FULL).
        var rawSQLiteRowsPerSecond: Double
    }

    /// Records written at full speed until stored, acknowledged and deleted from the outboxes.
    struct Throughput: Codable, Sendable {
        var events: Int
        var seconds: Double
        var eventsPerSecond: Double
        /// CPU seconds of the aggregator, the agents and the broker during the phase.
        var processCPUSeconds: Double
        /// CPU seconds of the benchmark process (writing records, reading the store and the outboxes).
        var benchCPUSeconds: Double
        var cpuMicrosecondsPerEvent: Double
    }

    /// Latency figures in milliseconds.
    struct Percentiles: Codable, Sendable {
        var p50: Double
        var p90: Double
        var p99: Double
        var max: Double

        init(_ values: [Double]) {
            let sorted = values.sorted()
            func rank(_ fraction: Double) -> Double {
                sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((fraction * Double(sorted.count)).rounded(.up)) - 1)]
            }
            p50 = rank(0.5)
            p90 = rank(0.9)
            p99 = rank(0.99)
            max = sorted.last ?? 0
        }
    }

    /// Records written at a fixed rate.
    struct Latency: Codable, Sendable {
        var events: Int
        var rate: Double
        /// How often the store was read.
        var pollMilliseconds: Double
        /// Record written → visible in the store (read by the benchmark).
        var visible: Percentiles
        /// Record written → batch received by the aggregator (`received_at_ms − time_ms`, whole milliseconds).
        var received: Percentiles
    }

    /// A backlog captured while the broker was down, drained after it came back.
    struct Backlog: Codable, Sendable {
        var events: Int
        var captureSeconds: Double
        var drainSeconds: Double
        var eventsPerSecond: Double
    }

    /// One target of the issue and whether this run met it.
    struct Target: Codable, Sendable {
        var name: String
        var target: String
        var value: String
        var met: Bool
    }

    var date: String
    var machine: Machine
    var settings: Settings
    var baselines: Baselines
    var throughput: Throughput?
    var latency: Latency?
    var backlog: Backlog?
    /// `VmHWM` of each process, in bytes.
    var peakResidentBytes: [String: Int] = [:]
    var storedEvents: Int64 = 0
    var exceptions: Int64 = 0
    var meanEventBytes: Double = 0
    var failures: [String] = []

    /// e2e events/s over the `mosquitto_pub` baseline's msg/s.
    var ratioToMosquittoPub: Double? {
        guard let throughput, let baseline = baselines.mosquittoPubMessagesPerSecond, baseline > 0 else { return nil }
        return throughput.eventsPerSecond / baseline
    }

    var targets: [Target] {
        [
            Target(
                name: "end-to-end events/s ÷ mosquitto_pub msg/s", target: "≥ 3×",
                value: ratioToMosquittoPub.map { Format.decimal($0, digits: 2) + "×" } ?? "–",
                met: (ratioToMosquittoPub ?? 0) >= 3),
            Target(
                name: "p99 latency at \(Format.grouped(Int(settings.latencyRate))) events/s", target: "< 100 ms",
                value: latency.map { Format.decimal($0.visible.p99, digits: 1) + " ms" } ?? "–",
                met: latency.map { $0.visible.p99 < 100 } ?? false),
            Target(
                name: "drain of \(Format.grouped(settings.backlogEvents)) buffered events", target: "< 60 s",
                value: backlog.map { Format.decimal($0.drainSeconds, digits: 1) + " s" } ?? "–",
                met: backlog.map { $0.drainSeconds < 60 } ?? false),
        ]
    }

    /// Writes the report as JSON to `path`, creating its directory.
    func write(toJSON path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var object = try JSONSerialization.jsonObject(with: try encoder.encode(self)) as? [String: Any] ?? [:]
        object["targets"] = targets.map { ["name": $0.name, "target": $0.target, "value": $0.value, "met": $0.met] }
        if let ratio = ratioToMosquittoPub { object["ratioToMosquittoPub"] = ratio }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
