import Shared

/// One entry of `connectors:`: a destination routes send jobs to, by its `kind`.
public enum ConnectorSettings: Sendable {
    /// `kind: http`: a REST/JSON endpoint or webhook.
    case http(HTTPConnectorSettings)
    /// `kind: agent_command`: commands published to an agent over MQTT.
    case agentCommand(AgentCommandConnectorSettings)

    /// The kinds this program builds from `connectors:`.
    static let kinds = ["http", "agent_command"]

    /// Reads one connector; `nil` (with the problem recorded) for an unknown kind.
    init?(reader: ConfigReader, environment: [String: String]) {
        guard let kind = reader.requiredString("kind", hint: "give the connector's kind: \(Self.kinds.joined(separator: " or "))")
        else { return nil }
        switch kind {
        case "http": self = .http(HTTPConnectorSettings(reader: reader, environment: environment))
        case "agent_command": self = .agentCommand(AgentCommandConnectorSettings(reader: reader))
        default:
            let hint = ConfigReader.suggestion(for: kind, among: Self.kinds).map { " (did you mean '\($0)'?)" } ?? ""
            reader.problem("kind", "unknown connector kind \"\(kind)\"\(hint); expected \(Self.kinds.joined(separator: " or "))")
            return nil
        }
    }

    /// One line for `check-config`.
    var summary: String {
        switch self {
        case .http(let settings):
            "http \(settings.method) \(settings.url) (\(settings.authentication.summary), timeout \(DurationText.format(settings.timeout)))"
        case .agentCommand(let settings):
            "agent commands to \(settings.tenant ?? "{tenant}")/\(settings.site ?? "{site}")/\(settings.agent)"
        }
    }
}
