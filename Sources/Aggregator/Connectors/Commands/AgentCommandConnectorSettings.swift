import Shared
import WireProtocol

/// An agent command connector's settings (`connectors.NAME` with `kind: agent_command`).
///
/// Jobs publish their event to `crossdock/v1/{tenant}/{site}/{agent}/commands`: `agent` is fixed here, tenant and
/// site come from the event unless fixed here too.
public struct AgentCommandConnectorSettings: Sendable, Hashable {
    /// The agent that carries out the commands (e.g. the WMS agent of a site).
    public var agent: String
    /// A fixed tenant; `nil` takes the event's.
    public var tenant: String?
    /// A fixed site; `nil` takes the event's.
    public var site: String?
    /// How long to wait for the broker's PUBACK before the attempt is retried.
    public var timeout: Duration

    /// Creates settings.
    public init(agent: String, tenant: String? = nil, site: String? = nil, timeout: Duration = .seconds(30)) {
        self.agent = agent
        self.tenant = tenant
        self.site = site
        self.timeout = timeout
    }

    /// Reads the connector's mapping, recording every problem.
    init(reader: ConfigReader) {
        let agent = reader.requiredString("agent", hint: "name the agent that receives the commands, e.g. wms") ?? "invalid"
        for (key, value) in [("agent", agent as String?), ("tenant", reader.string("tenant")), ("site", reader.string("site"))] {
            if let value, let problem = AgentIdentity.identifierProblem(value, role: key) { reader.problem(key, problem) }
        }
        self.init(
            agent: agent, tenant: reader.string("tenant"), site: reader.string("site"),
            timeout: reader.duration("timeout", default: .seconds(30), in: .milliseconds(100)...(.seconds(600))))
    }
}
