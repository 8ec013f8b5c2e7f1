import Foundation
import Logging
import Prometheus
import ServiceLifecycle
import Shared
import WireProtocol

/// The aggregator, assembled from its configuration: MQTT client, event store and services.
///
/// `crossdock-aggregator run` is `try AggregatorRuntime(configuration:logger:).run()`. Construction happens here,
/// not in the executable, so tests and benchmarks build the same thing, and later parts (orchestration workers,
/// connectors, the admin API) add their services to ``services``.
public struct AggregatorRuntime: Sendable {
    /// The configuration it was built from.
    public let configuration: AggregatorConfiguration
    /// The broker connection (ingest subscribes on it and publishes acks; commands later).
    public let client: MQTTClient
    /// The SQLite store: every event and job, or with `store.postgresql` only this instance's own state (audit,
    /// agent status).
    public let store: SQLiteEventStore
    /// Where ingest stores events: ``store``, or the PostgreSQL store the instances share.
    public let eventStore: any EventStore
    /// Where the job runner finds its jobs: ``store``, or the PostgreSQL store the instances share.
    public let jobStore: any JobStore
    /// The ingest service.
    public let ingest: IngestService
    /// The order-to-cash projection.
    public let orderToCash: OrderToCashProjection
    /// The HTTP API (health, inbound events, portal); listens only with an `http` section.
    public let http: HTTPAPIService
    /// The job runner (routes' jobs to connectors).
    public let jobs: JobRunner
    /// Keeps every agent's retained status in the store for the admin API and the dashboard.
    public let agentStatus: AgentStatusService
    /// The ERP (Tryton) connector and poller, with an `erp` section.
    public let erp: TrytonIntegration?
    private let configurationFile: String?
    private let usesSharedStore: Bool
    private let logger: Logger

    /// Opens the store and creates the client and services; connects nothing yet.
    ///
    /// - Parameters:
    ///   - planner: the orchestration hook that plans jobs with each new event (by default the configured routes).
    ///   - connectors: connectors besides those of `connectors:` (e.g. the ERP's); the job runner finds them by name.
    ///   - metrics: the registry `/metrics` renders (the one `MetricsSetup.bootstrap()` returned).
    ///   - configurationFile: the file the configuration came from; its load (and a change since the last start)
    ///     goes into the audit log.
    ///   - sharedStore: the PostgreSQL store (`store.postgresql`), connected by the caller with the same planner;
    ///     ingest and the job runner use it, and the SQLite-only services do not run.
    /// - Throws: when the store cannot be opened or the MQTT settings are unusable (e.g. unreadable TLS files).
    public init(
        configuration: AggregatorConfiguration, logger: Logger = Logger(label: "crossdock.aggregator"),
        planner: (any OrchestrationPlanner)? = nil, connectors: [any Connector] = [],
        metrics: PrometheusCollectorRegistry? = nil, configurationFile: String? = nil,
        sharedStore: (any EventStore & JobStore)? = nil
    ) throws {
        self.configuration = configuration
        self.configurationFile = configurationFile
        self.logger = logger
        let store = try SQLiteEventStore(
            path: configuration.storePath, durability: configuration.storeDurability,
            planner: planner ?? configuration.orchestration.planner)
        self.store = store
        let eventStore: any EventStore = sharedStore ?? store
        let jobStore: any JobStore = sharedStore ?? store
        self.eventStore = eventStore
        self.jobStore = jobStore
        usesSharedStore = sharedStore != nil
        let process = ProcessInfo.processInfo
        let clientID = "crossdock-aggregator-\(process.hostName.prefix(40))-\(process.processIdentifier)"
        let client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(clientID: clientID),
            logger: Logger(label: "crossdock.aggregator.mqtt"))
        self.client = client
        ingest = IngestService(
            client: client, store: eventStore, topicFilter: configuration.eventsFilter, settings: configuration.ingest,
            systemOfRecord: configuration.systemOfRecord, logger: Logger(label: "crossdock.aggregator.ingest"))
        orderToCash = OrderToCashProjection(store: store, settings: configuration.orderToCash)
        let erp = configuration.erp.map { TrytonIntegration(settings: $0, store: store) }
        self.erp = erp
        let jobs = JobRunner(
            store: jobStore,
            connectors: Self.configuredConnectors(configuration.orchestration, client: client) + connectors
                + (erp.map { [$0.connector] } ?? []),
            settings: configuration.orchestration.jobs)
        self.jobs = jobs
        http = HTTPAPIService(
            settings: configuration.http,
            dependencies: .init(
                store: store, systemOfRecord: configuration.systemOfRecord, ingest: configuration.ingest,
                brokerState: { [client] in client.connectionState },
                replay: { [jobStore] job in
                    try await jobStore.replayDeadLetters(.job(job), now: Date()).map(\.jobSequence)
                },
                circuitState: { jobs.breaker(of: $0)?.state }, metrics: metrics, dashboard: configuration.dashboard))
        agentStatus = AgentStatusService(client: client, store: store)
    }

    /// The long-running services, in start order (they stop in reverse order).
    public var services: [any Service] {
        usesSharedStore
            ? [ingest, jobs, agentStatus, http]
            : [ingest, jobs] + (erp.map { [$0.poller] } ?? []) + [orderToCash, agentStatus, http]
    }

    /// Connects (retrying in the background until the broker is reachable), runs the services until SIGTERM or
    /// SIGINT, then disconnects and closes the store.
    public func run() async throws {
        logger.info(
            "crossdock-aggregator \(CrossdockVersion.current) starting",
            metadata: [
                "store": "\(configuration.postgreSQL?.description ?? configuration.storePath)",
                "subscribe": "\(configuration.eventsFilter)",
            ])
        if let configurationFile, let bytes = FileManager.default.contents(atPath: configurationFile) {
            do {
                try await store.auditConfigurationLoad(
                    path: configurationFile, digest: SHA256Digest.hex(SHA256Digest.hash(Array(bytes))))
            } catch {
                logger.warning("the configuration load was not written to the audit log: \(error)")
            }
        }
        client.start()
        do {
            try await ProgramRunner.run(services: services, logger: logger)
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
        logger.info("crossdock-aggregator stopped")
    }

    private func shutdown() async {
        await client.shutdown(drainTimeout: configuration.ingest.ackDrainTimeout)
        await store.close()
        if usesSharedStore { await eventStore.close() }
    }
}
