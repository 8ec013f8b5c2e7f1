import Logging
import Shared
import WireProtocol

/// Everything `crossdock-aggregator` is configured with: broker, subscription, store, logging.
public struct AggregatorConfiguration: Sendable {
    /// How to reach the broker (the aggregator's client certificate has the aggregator role).
    public var broker: BrokerSettings
    /// The MQTT v5 shared-subscription group, so several instances share the load; `nil` subscribes alone.
    public var sharedSubscriptionGroup: String?
    /// The part of the agents this instance ingests (`subscription.tenant`, `subscription.site`): every agent by
    /// default; on a broker without shared subscriptions, instances split the load by taking disjoint parts.
    public var eventsPartition: TopicFilter = .allEvents
    /// The embedded SQLite event store.
    public var storePath: String
    /// `store.postgresql`: events and jobs in a PostgreSQL database several instances share; `nil` keeps them in
    /// SQLite at ``storePath`` (see `AggregatorConfiguration+PostgreSQL.swift` for what runs on PostgreSQL).
    public var postgreSQL: PostgreSQLStoreSettings?
    /// `store.synchronous`: `full` (the default: an acknowledged event survives power loss) or `normal` (survives
    /// process crashes only).
    public var storeDurability: SQLiteConnection.Options.Durability
    /// How ingest groups batches into transactions and what it treats as an exception.
    public var ingest: IngestSettings
    /// Logging.
    public var log: LogSettings
    /// The ERP (`erp`, `kind: tryton`), or `nil` when the aggregator has none.
    public var erp: TrytonSettings?
    /// The HTTP API and its keys (`http`, `api_keys`).
    public var http: HTTPSettings
    /// Which origin may publish which event type (`systems`).
    public var systemOfRecord: SystemOfRecordRules
    /// The order-to-cash projection (`order_to_cash`).
    public var orderToCash: OrderToCashSettings
    /// Connectors, routes and the job runner.
    public var orchestration: OrchestrationConfiguration
    /// The dashboard's and portal pages' branding (`dashboard`).
    public var dashboard: DashboardSettings

    /// Reads the whole configuration, recording every problem.
    public init(reader: ConfigReader) {
        broker = BrokerSettings(reader: reader.section("broker"))
        let subscription = reader.section("subscription")
        sharedSubscriptionGroup = subscription.string("shared_group")
        if let group = sharedSubscriptionGroup, let problem = AgentIdentity.identifierProblem(group, role: "shared_group") {
            subscription.problem("shared_group", "\(problem); it becomes part of $share/GROUP/…")
        }
        if sharedSubscriptionGroup != nil, broker.protocolVersion != .mqtt5 {
            subscription.problem("shared_group", "shared subscriptions need MQTT 5; set broker.protocol: mqtt5 or remove it (narrow subscription.tenant/site instead)")
        }
        eventsPartition = Self.readPartition(subscription)
        let store = reader.section("store")
        storePath = store.string("path", default: "/var/lib/crossdock/aggregator/events.sqlite")
        switch store.string("synchronous", default: "full").lowercased() {
        case "full": storeDurability = .full
        case "normal": storeDurability = .normal
        case let other:
            store.problem("synchronous", "expected 'full' or 'normal', found \"\(other)\"")
            storeDurability = .full
        }
        ingest = IngestSettings(reader: reader.section("ingest"))
        log = LogSettings(reader: reader.section("log"))
        erp = TrytonSettings.read(reader.section("erp"))
        http = HTTPSettings(reader: reader)
        systemOfRecord = SystemOfRecordRules(reader: reader.section("systems"))
        orderToCash = OrderToCashSettings(reader: reader.section("order_to_cash"))
        orchestration = OrchestrationConfiguration(reader: reader, otherDestinations: Set(erp.map { [$0.name] } ?? []))
        dashboard = DashboardSettings(reader: reader.section("dashboard"))
        postgreSQL = Self.readPostgreSQL(reader)
    }

    /// The topic filter the aggregator subscribes to for events.
    public var eventsFilter: String {
        guard let group = sharedSubscriptionGroup, let shared = try? eventsPartition.shared(group: group) else {
            return eventsPartition.pattern
        }
        return shared
    }

    /// A few lines for `check-config`.
    public var summary: String {
        """
          broker:    \(broker.endpointsDescription) (\(broker.protocolVersion.rawValue), \(broker.tls == nil ? "plain" : "TLS"))
          subscribe: \(eventsFilter)
          store:     \(postgreSQL?.description ?? "\(storePath) (synchronous \(storeDurability.rawValue))")
          ingest:    up to \(ingest.maxBatchesPerTransaction) batches per transaction, unknown crossdock types → \(ingest.unknownEventTypes.rawValue)
          http:      \(http.listenDescription), \(http.keys.keys.count) API key(s); agents speak for \(systemOfRecord.defaultAgentOrigin) unless mapped (\(systemOfRecord.agents.count) mapping(s))
          dashboard: /dashboard and /portal as "\(dashboard.branding.name)", \(dashboard.tenantBranding.count) tenant brand(s)
        \(orchestration.summary)
        """
    }
}
