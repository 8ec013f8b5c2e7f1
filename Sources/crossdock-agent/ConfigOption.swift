import ArgumentParser
import EdgeAgent
import Shared

/// The `--config FILE` option every subcommand takes.
struct ConfigOption: ParsableArguments {
    @Option(name: .shortAndLong, help: "The agent's YAML configuration file (environment overrides: CROSSDOCK_SECTION__KEY).")
    var config: String?

    /// Loads the configuration or exits with every problem printed.
    func load() throws -> AgentConfiguration {
        do {
            return try ConfigurationLoader.load(path: config, AgentConfiguration.init(reader:))
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
