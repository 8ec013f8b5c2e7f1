/// The runs of one client, summarised.
struct BenchmarkRow {
    let runs: [MQTTBenchmarkResult]

    var name: String { runs.first?.name ?? "" }
    var completed: [MQTTBenchmarkResult] { runs.filter(\.completed) }
    /// The median rate of the completed runs; `nil` if any run did not complete.
    var medianRate: Double? {
        guard completed.count == runs.count, !runs.isEmpty else { return nil }
        return Self.median(runs.map(\.rate))
    }
    var bestRate: Double? { completed.map(\.rate).max() }
    var medianCPU: Double? {
        let values = completed.compactMap(\.cpuMicrosecondsPerMessage)
        return values.isEmpty ? nil : Self.median(values)
    }
    var notes: String { Array(Set(runs.map(\.note).filter { !$0.isEmpty })).sorted().joined(separator: "; ") }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// The results of a benchmark as a Markdown table.
struct BenchmarkTable {
    let rows: [BenchmarkRow]

    func render() -> String {
        let header = ["client", "messages × runs", "median msg/s", "best msg/s", "client CPU µs/msg", "note"]
        let rows = self.rows.map { row in
            [
                row.name, "\(row.runs.first?.expected ?? 0) × \(row.completed.count)/\(row.runs.count)",
                row.medianRate.map { Format.grouped(Int($0.rounded())) } ?? "–",
                row.bestRate.map { Format.grouped(Int($0.rounded())) } ?? "–",
                row.medianCPU.map { Format.decimal($0, digits: 1) } ?? "–", row.notes,
            ]
        }
        return MarkdownTable(header: header, rows: rows, rightAligned: Set(header.indices).subtracting([0, 5])).render()
    }
}

/// Number formatting without Foundation.
enum Format {
    static func decimal(_ value: Double, digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        let fraction = String(abs(scaled) % Int(scale))
        return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return result
    }
}
