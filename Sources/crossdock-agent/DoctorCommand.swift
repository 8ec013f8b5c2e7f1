import ArgumentParser
import EdgeAgent
import Shared

/// `crossdock-agent doctor`: checks the outbox and moves damaged rows aside, keeping the rest.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the outbox's integrity; quarantine damaged rows and keep the rest. Exit 1 if damage was found.",
        discussion: """
            Runs SQLite's integrity_check and decodes every stored event. Rows that are not this agent's valid \
            CloudEvents move to the damaged_events table (with the reason) so forwarding can go on. Stop the agent \
            first.
            """)

    @OptionGroup var options: ConfigOption

    func run() throws {
        let configuration = try options.load()
        let report: OutboxDoctorReport
        do {
            report = try OutboxDoctor.examine(path: configuration.outbox.path, identity: configuration.identity)
        } catch {
            print("doctor: \(error)")
            throw ExitCode(2)
        }
        print("outbox \(report.path): \(report.checkedRows) events checked")
        if report.integrityFindings.isEmpty {
            print("integrity_check: ok")
        } else {
            print("integrity_check: \(report.integrityFindings.count) findings")
            for finding in report.integrityFindings.prefix(20) { print("  \(finding)") }
        }
        if !report.damagedRows.isEmpty {
            print("\(report.damagedRows.count) damaged rows moved to damaged_events (the rest is kept):")
            for row in report.damagedRows.prefix(50) { print("  sequence \(row.sequence): \(row.problem)") }
            if report.damagedRows.count > 50 { print("  … and \(report.damagedRows.count - 50) more") }
            print("their sequences will never be acknowledged: tell the aggregator's operators which ones")
        }
        for source in report.unreadableCursors {
            print("cursor of source \(source) is unreadable: that source will start over (events re-read, same ids)")
        }
        if report.foundDamage { throw ExitCode(1) }
        print("no damage found")
    }
}
