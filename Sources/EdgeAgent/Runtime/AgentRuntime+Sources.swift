import Logging

extension AgentRuntime {
    /// Adds a service for every item of the configuration's `sources` list, committing into the outbox (started
    /// after the forwarder, stopped before it).
    public mutating func addSources(logger: Logger = Logger(label: "crossdock.agent.source")) {
        for settings in configuration.sources {
            add(source: settings.makeService(identity: configuration.identity, sink: sink, logger: logger))
        }
    }
}
