import ArgumentParser
import Shared

/// `crossdock-aggregator`: stores every event once, acknowledges it, and orchestrates ERP / WMS / TMS / portal.
@main
struct CrossdockAggregator: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossdock-aggregator",
        abstract: "Store every event once, acknowledge it to its agent, and orchestrate ERP, WMS, TMS and portal.",
        version: CrossdockVersion.current,
        subcommands: [
            RunCommand.self, CheckConfigCommand.self, TailCommand.self, PKICommand.self, ReplayCommand.self,
            TraceCommand.self,
        ])
}
