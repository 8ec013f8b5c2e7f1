import FoundationEssentials
import Shared
import WireProtocol

extension OutboxReport {
    /// The report as `crossdock-agent status` prints it: the outbox's figures, then each source with its cursor,
    /// its quarantined records and its last error (what, where, when, and whether it is still failing).
    /// - Parameters:
    ///   - quotaBytes: the configured outbox quota.
    ///   - nowMilliseconds: now, Unix milliseconds, for the ages.
    public func text(quotaBytes: Int64, nowMilliseconds now: Int64) -> String {
        func age(_ milliseconds: Int64?) -> String {
            guard let milliseconds else { return "–" }
            return "\(DurationText.format(.seconds(max(0, now - milliseconds) / 1_000))) ago"
        }
        func moment(_ milliseconds: Int64) -> String {
            let time = ZonedDateTime(date: Date(timeIntervalSince1970: Double(milliseconds) / 1_000), fractionDigits: 0)
            return "\(time) (\(age(milliseconds)))"
        }
        var lines = [
            "outbox:         \(path) (\(ByteCountText.format(usedBytes)) of \(ByteCountText.format(quotaBytes)))",
            "backlog:        \(backlog) events" + (firstUnackedSequence.map { " (sequences \($0)…\(lastSequence))" } ?? ""),
            "last sequence:  \(lastSequence)",
            "oldest unacked: \(age(oldestCapturedAtMilliseconds))",
            "last ack:       \(age(lastAckAtMilliseconds))",
            "quarantined:    \(quarantinedCount) records" + (damagedCount > 0 ? ", \(damagedCount) damaged rows (doctor)" : ""),
        ]
        let names = Set(cursors.map(\.source)).union(sources.map(\.source)).sorted()
        lines.append("sources:        \(names.isEmpty ? "no cursor committed yet" : "")")
        for name in names {
            let cursor = cursors.first { $0.source == name }
            lines.append("  \(name): \(cursor?.position.encodedString() ?? "no cursor committed yet")")
            guard let health = sources.first(where: { $0.source == name }) else { continue }
            var state = health.failing ? "FAILING" : "ok"
            if health.quarantinedCount > 0 { state += ", \(health.quarantinedCount) quarantined" }
            lines.append("    state:      \(state)")
            guard let error = health.lastError else { continue }
            let when = health.lastErrorAtMilliseconds.map(moment) ?? "–"
            lines.append("    last error: \(when), \(health.errorCount) in all")
            lines.append("      where:    \(health.lastErrorLocation ?? "–")")
            lines.append("      what:     \(error)")
            if !health.failing, let recovered = health.recoveredAtMilliseconds {
                lines.append("    recovered:  \(moment(recovered))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
