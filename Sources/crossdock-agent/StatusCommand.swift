import ArgumentParser
import EdgeAgent
import FoundationEssentials
import Shared

/// `crossdock-agent status`: the outbox as seen from outside, while the agent runs.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the outbox: backlog, oldest unacknowledged age, last ack, and for each source its cursor, "
            + "quarantined records and last error.",
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
        print(report.text(quotaBytes: configuration.outbox.quotaBytes, nowMilliseconds: now))
    }
}
