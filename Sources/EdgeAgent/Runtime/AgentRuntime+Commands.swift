import Logging

extension AgentRuntime {
    /// Adds the ``CommandService`` for the `commands` section: it listens on the agent's commands topic and commits
    /// each command's outcome into the outbox (started after the forwarder, stopped before it).
    /// - Throws: when the processed-commands state file cannot be opened.
    public mutating func addCommands(logger: Logger = Logger(label: "crossdock.agent.commands")) throws {
        let processor = try configuration.commands.makeProcessor(
            identity: configuration.identity, eventSink: sink, logger: logger)
        add(
            source: CommandService(
                client: client, identity: configuration.identity, processor: processor, logger: logger))
    }
}
