import Shared
import WireProtocol

extension AgentIdentity {
    /// Reads the `identity` section (`tenant`, `site`, `agent`), recording a problem for each invalid part.
    ///
    /// An invalid identity still yields a placeholder value so decoding can go on and report everything else.
    public init(reader: ConfigReader) {
        let hint = "letters, digits, '-', '_' or '.', as in the agent's client certificate"
        let parts = ["tenant", "site", "agent"].map { key -> String in
            guard let value = reader.requiredString(key, hint: "give the \(key) identifier (\(hint))") else { return "invalid" }
            if let problem = AgentIdentity.identifierProblem(value, role: key) {
                reader.problem(key, "\(problem); use \(hint)")
                return "invalid"
            }
            return value
        }
        // Every part is valid or the placeholder "invalid", so this cannot fail.
        self = (try? AgentIdentity(tenant: parts[0], site: parts[1], agent: parts[2]))!
    }
}
