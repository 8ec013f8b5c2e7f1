import ArgumentParser
import Shared

/// `crossdock-agent`: captures events on a warehouse or legacy host and forwards them to the aggregator.
@main
struct CrossdockAgent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossdock-agent",
        abstract: "Capture events on a warehouse or legacy host and forward them to the crossdock aggregator.",
        version: CrossdockVersion.current,
        subcommands: [
            RunCommand.self, CheckConfigCommand.self, StatusCommand.self, DoctorCommand.self, SendCommand.self,
            EDICommand.self,
        ])
}
