import Aggregator
import AggregatorPostgreSQL
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
            // With store.postgresql, ingest and jobs use the database the instances share.
            let shared: PostgreSQLEventStore? =
                if let settings = configuration.postgreSQL {
                    try await PostgreSQLEventStore.connect(
                        settings: settings, planner: configuration.orchestration.planner)
                } else { nil }
            runtime = try AggregatorRuntime(
                configuration: configuration, metrics: metrics, configurationFile: options.config, sharedStore: shared)
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
        try await runtime.run()
    }
}
