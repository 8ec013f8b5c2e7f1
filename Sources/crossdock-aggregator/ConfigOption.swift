import Aggregator
import ArgumentParser
import Shared

/// The `--config FILE` option every subcommand takes.
struct ConfigOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "The aggregator's YAML configuration file (environment overrides: CROSSDOCK_SECTION__KEY).")
    var config: String?

    /// Loads the configuration or exits with every problem printed.
    func load() throws -> AggregatorConfiguration {
        do {
            return try ConfigurationLoader.load(path: config, AggregatorConfiguration.init(reader:))
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
