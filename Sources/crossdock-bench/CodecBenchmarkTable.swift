/// The codec results as a Markdown table: crossdock's events/s and MB/s next to the Foundation baseline.
struct CodecBenchmarkTable {
    let results: [CodecResult]

    func render() -> String {
        let header = [
            "operation", "events", "bytes/event", "crossdock events/s", "crossdock MB/s", "baseline",
            "baseline events/s", "baseline MB/s", "× baseline",
        ]
        let leftAligned: Set<Int> = [0, 1, 5]
        let rows = results.map { result in
            [
                result.operation, result.workload, Format.grouped(Int(result.bytesPerEvent.rounded())),
                Format.grouped(Int(result.eventsPerSecond.rounded())),
                Format.decimal(result.megabytesPerSecond, digits: 1),
                result.baseline, result.baselineEventsPerSecond.map { Format.grouped(Int($0.rounded())) } ?? "–",
                result.baselineMegabytesPerSecond.map { Format.decimal($0, digits: 1) } ?? "–",
                result.baselineEventsPerSecond.map { Format.decimal(result.eventsPerSecond / $0, digits: 2) } ?? "–",
            ]
        }
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map { $0.unicodeScalars.count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            "| "
                + cells.enumerated().map { index, cell in
                    let padding = String(repeating: " ", count: widths[index] - cell.unicodeScalars.count)
                    return leftAligned.contains(index) ? cell + padding : padding + cell
                }.joined(separator: " | ") + " |"
        }
        let separator =
            "|"
            + widths.enumerated().map { index, width in
                leftAligned.contains(index)
                    ? String(repeating: "-", count: width + 2) : String(repeating: "-", count: width + 1) + ":"
            }.joined(separator: "|") + "|"
        return ([line(header), separator] + rows.map(line)).joined(separator: "\n")
    }
}
