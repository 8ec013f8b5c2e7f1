import EdgeAgent

/// One line of the agent benchmark's table: a measurement next to its target or baseline.
struct AgentBenchmarkRow {
    let measurement: String
    let value: String
    let unit: String
    let target: String
    let note: String
}

/// The agent benchmark's results as one Markdown table.
struct AgentBenchmarkTable {
    let rows: [AgentBenchmarkRow]

    func render() -> String {
        MarkdownTable(
            header: ["measurement", "value", "unit", "target", "note"],
            rows: rows.map { [$0.measurement, $0.value, $0.unit, $0.target, $0.note] }, rightAligned: [1]
        ).render()
    }
}

/// Peak and current resident memory from `/proc/<pid>/status`.
enum ProcessMemory {
    /// `VmHWM` (peak resident set) of `pid` (`self` for this process), in bytes.
    static func peakResident(pid: String = "self") -> Int? { ResidentMemory.statusBytes("VmHWM", pid: pid) }
    /// `VmRSS` (resident set now) of `pid`, in bytes.
    static func resident(pid: String = "self") -> Int? { ResidentMemory.statusBytes("VmRSS", pid: pid) }

    static func megabytes(_ bytes: Int?) -> String {
        bytes.map { Format.decimal(Double($0) / 1_048_576, digits: 1) } ?? "–"
    }
}
