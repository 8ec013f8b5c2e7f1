import ArgumentParser
import EdgeAgent
import Logging
import Shared

/// `crossdock-agent run`: runs the agent until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the agent until SIGTERM; shut down gracefully and exit 0.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Seconds between periodic status messages.")
    var statusInterval: Int = 30

    func run() async throws {
        // Before any thread starts: few malloc arenas, large buffers unmapped when freed (see MallocTuning).
        MallocTuning.configure()
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.log.format, level: configuration.log.level)
        let registry = MetricsSetup.bootstrap()
        var runtime: AgentRuntime
        do {
            runtime = try AgentRuntime(
                configuration: configuration, statusInterval: .seconds(max(1, statusInterval)),
                renderMetrics: { MetricsSetup.render(registry) })
            runtime.addSources()
            try runtime.addCommands()
        } catch {
            throw CommandFailure("cannot start the agent: \(error)")
        }
        try await runtime.run()
    }
}
