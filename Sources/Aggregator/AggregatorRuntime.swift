import Foundation
import Logging
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
    /// The event store.
    public let store: SQLiteEventStore
    /// The ingest service.
    public let ingest: IngestService
    /// The order-to-cash projection.
    public let orderToCash: OrderToCashProjection
    /// The HTTP API (health, inbound events, portal); listens only with an `http` section.
    public let http: HTTPAPIService
    /// The job runner (routes' jobs to connectors).
    public let jobs: JobRunner
    private let logger: Logger

    /// Opens the store and creates the client and services; connects nothing yet.
    ///
    /// - Parameters:
    ///   - planner: the orchestration hook that plans jobs with each new event (by default the configured routes).
    ///   - connectors: connectors besides those of `connectors:` (e.g. the ERP's); the job runner finds them by name.
    /// - Throws: when the store cannot be opened or the MQTT settings are unusable (e.g. unreadable TLS files).
    public init(
        configuration: AggregatorConfiguration, logger: Logger = Logger(label: "crossdock.aggregator"),
        planner: (any OrchestrationPlanner)? = nil, connectors: [any Connector] = []
    ) throws {
        self.configuration = configuration
        self.logger = logger
        store = try SQLiteEventStore(
            path: configuration.storePath, durability: configuration.storeDurability,
            planner: planner ?? configuration.orchestration.planner)
        let process = ProcessInfo.processInfo
        let clientID = "crossdock-aggregator-\(process.hostName.prefix(40))-\(process.processIdentifier)"
        client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(clientID: clientID),
            logger: Logger(label: "crossdock.aggregator.mqtt"))
        ingest = IngestService(
            client: client, store: store, topicFilter: configuration.eventsFilter, settings: configuration.ingest,
            systemOfRecord: configuration.systemOfRecord, logger: Logger(label: "crossdock.aggregator.ingest"))
        orderToCash = OrderToCashProjection(store: store, settings: configuration.orderToCash)
        http = HTTPAPIService(
            settings: configuration.http,
            dependencies: .init(
                store: store, systemOfRecord: configuration.systemOfRecord, ingest: configuration.ingest,
                brokerState: { [client] in client.connectionState }))
        jobs = JobRunner(
            store: store, connectors: Self.configuredConnectors(configuration.orchestration, client: client) + connectors,
            settings: configuration.orchestration.jobs)
    }

    /// The long-running services, in start order (they stop in reverse order).
    public var services: [any Service] { [ingest, jobs, orderToCash, http] }

    /// Connects (retrying in the background until the broker is reachable), runs the services until SIGTERM or
    /// SIGINT, then disconnects and closes the store.
    public func run() async throws {
        logger.info(
            "crossdock-aggregator \(CrossdockVersion.current) starting",
            metadata: ["store": "\(configuration.storePath)", "subscribe": "\(configuration.eventsFilter)"])
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
    }
}
