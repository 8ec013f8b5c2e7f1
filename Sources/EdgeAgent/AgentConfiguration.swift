import Logging
import Shared
import WireProtocol

/// Everything `crossdock-agent` is configured with: who it is, where the broker is, where the outbox lives.
public struct AgentConfiguration: Sendable {
    /// The agent's identity; it names its topics and must match its client certificate.
    public var identity: AgentIdentity
    /// How to reach the broker.
    public var broker: BrokerSettings
    /// The local outbox.
    public var outbox: OutboxSettings
    /// Logging.
    public var log: LogSettings
    /// The `forwarder` section: batching, pacing and resending.
    public var forwarder: ForwarderSettings
    /// The `metrics` section: where `/metrics` and `/healthz` listen.
    public var metrics: MetricsSettings
    /// The `sources` list: what the agent reads (files, drop folders, databases).
    public var sources: [SourceSettings]
    /// The `commands` section: how commands from the aggregator are carried out for the WMS.
    public var commands: CommandSettings
    /// The `memory` section: idle pages handed back to the system.
    public var memory: MemorySettings

    /// The `outbox` section.
    public struct OutboxSettings: Sendable {
        /// The SQLite file.
        public var path: String
        /// The most bytes the outbox may hold before sources pause.
        public var quotaBytes: Int64
    }

    /// Reads the whole configuration, recording every problem.
    public init(reader: ConfigReader) {
        identity = AgentIdentity(reader: reader.section("identity"))
        broker = BrokerSettings(reader: reader.section("broker"))
        let outboxSection = reader.section("outbox")
        outbox = OutboxSettings(
            path: outboxSection.string("path", default: "/var/lib/crossdock/agent/outbox.sqlite"),
            quotaBytes: outboxSection.byteCount("quota", default: 1 << 30, in: (1 << 20)...Int64.max))
        log = LogSettings(reader: reader.section("log"))
        forwarder = ForwarderSettings(reader: reader.section("forwarder"))
        metrics = MetricsSettings(reader: reader.section("metrics"))
        sources = SourceSettings.list(reader: reader)
        commands = CommandSettings(reader: reader.section("commands"), outboxPath: outbox.path)
        memory = MemorySettings(reader: reader.section("memory"))
    }

    /// A few lines for `check-config`.
    public var summary: String {
        """
          identity: \(identity.tenant)/\(identity.site)/\(identity.agent)
          broker:   \(broker.endpointsDescription) (\(broker.protocolVersion.rawValue), \(broker.tls == nil ? "plain" : "TLS"))
          outbox:   \(outbox.path) (quota \(ByteCountText.format(outbox.quotaBytes)))
          topics:   \(Topic(identity: identity, channel: .events).name) …
        """
    }
}
