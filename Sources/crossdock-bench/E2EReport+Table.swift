extension E2EReport {
    /// The report as one Markdown table: each measurement, its ratio to the baselines, its target and whether
    /// the target was met.
    func table() -> String {
        let rate = { (value: Double) in Format.grouped(Int(value.rounded())) }
        let milliseconds = { (value: Double) in Format.decimal(value, digits: 1) }
        let verdict = { (met: Bool) in met ? "yes" : "**NO**" }
        var rows: [[String]] = []
        let mosquitto = baselines.mosquittoPubMessagesPerSecond
        if let throughput {
            var ratios: [String] = []
            if let ratio = ratioToMosquittoPub { ratios.append(Format.decimal(ratio, digits: 2) + "× mosquitto_pub") }
            ratios.append(
                Format.decimal(throughput.eventsPerSecond / baselines.rawSQLiteRowsPerSecond, digits: 2)
                    + "× raw SQLite")
            rows.append([
                "end to end: written → stored → acked → deleted (\(settings.agents) agent\(settings.agents == 1 ? "" : "s"))",
                rate(throughput.eventsPerSecond), "events/s", ratios.joined(separator: "; "), "≥ 3× mosquitto_pub",
                verdict(targets[0].met),
                "\(Format.grouped(throughput.events)) events in \(Format.decimal(throughput.seconds, digits: 2)) s; "
                    + "\(Format.decimal(throughput.cpuMicrosecondsPerEvent, digits: 1)) CPU µs/event "
                    + "(aggregator + agents + broker)",
            ])
        } else {
            rows.append(["end to end: written → stored → acked → deleted", "–", "events/s", "", "≥ 3× mosquitto_pub", verdict(false), "did not finish"])
        }
        rows.append([
            "mosquitto_pub --repeat -q 1 → mosquitto_sub -q 1 (baseline)", mosquitto.map(rate) ?? "–", "msg/s", "1×", "",
            "",
            "\(Format.grouped(settings.baselineMessages)) messages of \(settings.baselinePayloadBytes) B, same TLS broker"
                + (baselines.mosquittoNote.isEmpty ? "" : "; " + baselines.mosquittoNote),
        ])
        rows.append([
            "raw SQLite batched inserts (baseline)", rate(baselines.rawSQLiteRowsPerSecond), "rows/s", "", "", "",
            "\(Format.grouped(settings.rawSQLiteRows)) event-sized rows, 1,000 per transaction, WAL + FULL",
        ])
        let atRate = "at \(rate(settings.latencyRate)) events/s"
        if let latency {
            rows.append([
                "latency p50 \(atRate): written → visible in the store", milliseconds(latency.visible.p50), "ms", "", "",
                "", "\(Format.grouped(latency.events)) events; p90 \(milliseconds(latency.visible.p90)) ms",
            ])
            rows.append([
                "latency p99 \(atRate): written → visible in the store", milliseconds(latency.visible.p99), "ms", "",
                "< 100 ms", verdict(targets[1].met),
                "max \(milliseconds(latency.visible.max)) ms; store read every \(milliseconds(latency.pollMilliseconds)) ms",
            ])
            rows.append([
                "latency p50 / p99 \(atRate): written → received by the aggregator",
                "\(Int(latency.received.p50)) / \(Int(latency.received.p99))", "ms", "", "", "",
                "received_at_ms − the record's write time, whole milliseconds (before the store's commit)",
            ])
        } else {
            rows.append(["latency p99 \(atRate): written → visible in the store", "–", "ms", "", "< 100 ms", verdict(false), "did not finish"])
        }
        if let backlog {
            rows.append([
                "capture of \(Format.grouped(backlog.events)) records into the outboxes, broker down",
                Format.decimal(backlog.captureSeconds, digits: 1), "s", "", "", "",
                "\(rate(Double(backlog.events) / backlog.captureSeconds)) records/s",
            ])
            rows.append([
                "drain of \(Format.grouped(backlog.events)) buffered events after the broker returns",
                Format.decimal(backlog.drainSeconds, digits: 1), "s",
                mosquitto.map { Format.decimal(backlog.eventsPerSecond / $0, digits: 2) + "× mosquitto_pub" } ?? "",
                "< 60 s", verdict(targets[2].met), "\(rate(backlog.eventsPerSecond)) events/s until every outbox is empty",
            ])
        } else {
            rows.append(["drain of \(Format.grouped(settings.backlogEvents)) buffered events", "–", "s", "", "< 60 s", verdict(false), "did not finish"])
        }
        for (name, bytes) in peakResidentBytes.sorted(by: { $0.key < $1.key }) {
            rows.append(["peak RSS: \(name)", ProcessMemory.megabytes(bytes), "MB", "", "", "", "VmHWM"])
        }
        let load = { (values: [Double]) in values.first.map { Format.decimal($0, digits: 2) } ?? "?" }
        rows.append([
            "load average (1 min) at start / end", "\(load(machine.loadAverageAtStart)) / \(load(machine.loadAverageAtEnd))",
            "", "", "", "", "\(machine.cores) cores; above ~1 other work shared the machine",
        ])
        return MarkdownTable(
            header: ["measurement", "value", "unit", "ratio", "target", "met", "note"], rows: rows, rightAligned: [1]
        ).render()
    }
}
