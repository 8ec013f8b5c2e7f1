/// The broker's ACL file: each agent confined to its own topic subtree, aggregators reaching all agents.
///
/// Agents are matched by `pattern` lines on `%u`, the user name, which is the client certificate's CN
/// (`use_identity_as_username true`). The agent CN is `tenant/site/agent` (see ``PKIIdentity``) and mosquitto
/// substitutes `%u` verbatim, slashes included, so `crossdock/v1/%u/events` is exactly
/// `crossdock/v1/{tenant}/{site}/{agent}/events` (verified against mosquitto 2.0.11: a publish by
/// `acme/dc1/agent-a` to its own `events` gets reason 0/16, to `acme/dc1/agent-b/events` reason 135). `%c` (the
/// client id) is substituted the same way, but client ids are chosen by the client, not certified, so the ACL
/// never uses them. mosquitto denies all pattern access to user names containing `+` or `#`.
///
/// | who | write | read |
/// |---|---|---|
/// | agent `t/s/a` | `crossdock/v1/t/s/a/events`, `…/status` | `crossdock/v1/t/s/a/acks`, `…/commands` |
/// | aggregator | `crossdock/v1/+/+/+/acks`, `…/commands` | `crossdock/v1/+/+/+/events`, `…/status` |
public struct BrokerACL: Sendable, Hashable {
    /// Common names of the aggregator certificates.
    public var aggregators: [String]
    /// The topic prefix of the wire protocol.
    public var topicPrefix: String

    /// Creates an ACL for the given aggregator identities.
    public init(
        aggregators: [String] = [PKIIdentity.defaultAggregator.commonName], topicPrefix: String = "crossdock/v1"
    ) {
        self.aggregators = aggregators
        self.topicPrefix = topicPrefix
    }

    /// The ACL file text.
    public func render() -> String {
        var lines = [
            "# crossdock broker ACL (generated)",
            "# Agents: the certificate CN tenant/site/agent is the user name; %u expands to those three levels.",
            "pattern write \(topicPrefix)/%u/events",
            "pattern write \(topicPrefix)/%u/status",
            "pattern read \(topicPrefix)/%u/acks",
            "pattern read \(topicPrefix)/%u/commands",
        ]
        for aggregator in aggregators {
            lines.append("")
            lines.append("user \(aggregator)")
            lines.append("topic read \(topicPrefix)/+/+/+/events")
            lines.append("topic read \(topicPrefix)/+/+/+/status")
            lines.append("topic write \(topicPrefix)/+/+/+/acks")
            lines.append("topic write \(topicPrefix)/+/+/+/commands")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes ``render()`` to `path` (mode 0644: the broker reads it after dropping privileges).
    public func write(to path: String) throws(PKIError) {
        try FileSystem.write(render(), to: path, mode: 0o644)
    }
}
