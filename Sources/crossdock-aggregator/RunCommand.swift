import Aggregator
import ArgumentParser
import Logging
import Shared

/// `crossdock-aggregator run`: ingests events until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Store every agent's events once and acknowledge them, until SIGTERM; then finish and exit 0.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.log.format, level: configuration.log.level)
        let metrics = MetricsSetup.bootstrap()
        let runtime: AggregatorRuntime
        do {
            runtime = try AggregatorRuntime(configuration: configuration, metrics: metrics, configurationFile: options.config)
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
        try await runtime.run()
    }
}
