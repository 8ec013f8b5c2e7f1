import ArgumentParser
import EdgeAgent
import Logging
import Shared
import WireProtocol

/// `crossdock-agent run`: runs the agent until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the agent until SIGTERM; shut down gracefully and exit 0.")

    @OptionGroup var options: ConfigOption

    @Option(help: "Seconds between periodic status messages.")
    var statusInterval: Int = 30

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(format: configuration.log.format, level: configuration.log.level)
        let logger = Logger(label: "crossdock.agent")
        let identity = configuration.identity
        let client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(
                clientID: "crossdock-agent-\(identity.tenant).\(identity.site).\(identity.agent)",
                lastWill: AgentStatusService.lastWill(for: identity)),
            logger: Logger(label: "crossdock.agent.mqtt"))
        let status = AgentStatusService(client: client, identity: identity, interval: .seconds(max(1, statusInterval)))
        logger.info("crossdock-agent \(CrossdockVersion.current) starting", metadata: ["identity": "\(identity)"])
        try await ProgramRunner.run(services: [status], logger: logger)
        await client.shutdown()
        logger.info("crossdock-agent stopped")
    }
}
