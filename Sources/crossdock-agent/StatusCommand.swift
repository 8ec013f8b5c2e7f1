import ArgumentParser
import EdgeAgent
import FoundationEssentials
import Shared

/// `crossdock-agent status`: the outbox as seen from outside, while the agent runs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the outbox: backlog, oldest unacknowledged age, last ack, each source's cursor, quarantined records.",
        discussion: "Reads the outbox file read-only; safe while the agent runs.")

    @OptionGroup var options: ConfigOption

    func run() throws {
        let configuration = try options.load()
        let report: OutboxReport
        do {
            report = try OutboxInspector.report(path: configuration.outbox.path)
        } catch {
            throw CommandFailure("\(error)")
        }
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        func age(_ milliseconds: Int64?) -> String {
            guard let milliseconds else { return "–" }
            return "\(DurationText.format(.seconds(max(0, now - milliseconds) / 1_000))) ago"
        }
        var lines = [
            "outbox:         \(report.path) (\(ByteCountText.format(report.usedBytes)) of \(ByteCountText.format(configuration.outbox.quotaBytes)))",
            "backlog:        \(report.backlog) events" + (report.firstUnackedSequence.map { " (sequences \($0)…\(report.lastSequence))" } ?? ""),
            "last sequence:  \(report.lastSequence)",
            "oldest unacked: \(age(report.oldestCapturedAtMilliseconds))",
            "last ack:       \(age(report.lastAckAtMilliseconds))",
            "quarantined:    \(report.quarantinedCount) records" + (report.damagedCount > 0 ? ", \(report.damagedCount) damaged rows (doctor)" : ""),
            "sources:        \(report.cursors.isEmpty ? "no cursor committed yet" : "")",
        ]
        for cursor in report.cursors {
            lines.append("  \(cursor.source): \(cursor.position.encodedString())")
        }
        print(lines.joined(separator: "\n"))
    }
}
