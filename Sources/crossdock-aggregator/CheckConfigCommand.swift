import Aggregator
import ArgumentParser
import Shared

/// `crossdock-aggregator check-config`: prints every problem of a configuration, with its key path.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file; print every problem with its key path and exit non-zero if any.")

    @OptionGroup var options: ConfigOption

    func run() throws {
        let status = ConfigurationLoader.check(path: options.config, summary: \.summary, AggregatorConfiguration.init(reader:))
        if status != 0 { throw ExitCode(status) }
    }
}
