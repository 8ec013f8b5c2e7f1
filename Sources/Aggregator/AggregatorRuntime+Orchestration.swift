import Shared

extension AggregatorRuntime {
    /// The connectors configured under `connectors:`, publishing agent commands through `client`.
    static func configuredConnectors(_ configuration: OrchestrationConfiguration, client: MQTTClient) -> [any Connector] {
        configuration.connectors.sorted { $0.key < $1.key }.map { name, settings -> any Connector in
            switch settings {
            case .http(let http): HTTPConnector(name: name, settings: http)
            case .agentCommand(let command): AgentCommandConnector(name: name, settings: command, client: client)
            }
        }
    }
}

extension OrchestrationConfiguration {
    /// The planner of these routes (none when there are no routes).
    public var planner: any OrchestrationPlanner {
        routes.isEmpty ? NoOrchestration() : RoutePlanner(routes: routes)
    }
}
