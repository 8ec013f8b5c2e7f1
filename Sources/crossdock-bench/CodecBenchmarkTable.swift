/// The codec results as a Markdown table: crossdock's events/s and MB/s next to the Foundation baseline.
struct CodecBenchmarkTable {
    let results: [CodecResult]

    func render() -> String {
        let header = [
            "operation", "events", "bytes/event", "crossdock events/s", "crossdock MB/s", "baseline",
            "baseline events/s", "baseline MB/s", "× baseline",
        ]
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
        return MarkdownTable(header: header, rows: rows, rightAligned: Set(header.indices).subtracting([0, 1, 5]))
            .render()
    }
}
