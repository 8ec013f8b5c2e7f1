import Logging
import ServiceLifecycle
import Shared
import WireProtocol

/// Everything a running agent is made of, built from its ``AgentConfiguration``: the MQTT client, the outbox, the
/// forwarder, the status service, the `/metrics` endpoint, the idle-memory service, and the sources that write into
/// the outbox.
///
/// The executable only parses arguments and calls ``run()``. Services start in the order of ``services`` and stop
/// in reverse on SIGTERM: sources first (no new events), then the forwarder (finishes its batch), then the status
/// service (publishes `offline`), then the metrics endpoint; the outbox is checkpointed last.
///
/// Add a source with ``add(source:)``: it receives ``sink`` (the outbox) to commit into.
public struct AgentRuntime: Sendable {
    /// The configuration the runtime was built from.
    public let configuration: AgentConfiguration
    /// The agent's MQTT client (last will: retained `offline` status).
    public let client: MQTTClient
    /// The outbox.
    public let outbox: Outbox
    /// The forwarder.
    public let forwarder: Forwarder
    /// The retained status publisher.
    public let status: AgentStatusService
    /// The `/metrics` and `/healthz` endpoint, unless `metrics.listen` is off.
    public let metricsServer: MetricsServer?
    /// Hands idle pages back to the system, unless `memory.release_when_idle` is off.
    public let idleMemory: IdleMemoryService?
    /// The sources, in start order.
    public private(set) var sources: [any Service] = []
    private let logger: Logger

    /// Where sources commit what they capture.
    public var sink: any EventSink { outbox }

    /// Builds the agent: opens the outbox, creates the client (not yet connected) and binds the metrics port.
    /// - Parameters:
    ///   - statusInterval: time between periodic status messages.
    ///   - renderMetrics: the Prometheus text for `/metrics` (from ``MetricsSetup``).
    /// - Throws: ``OutboxError`` or ``MQTTError`` with what to fix. A metrics port that cannot be bound is logged and
    ///   the agent runs without `/metrics`.
    public init(
        configuration: AgentConfiguration, statusInterval: Duration = .seconds(30),
        renderMetrics: @escaping @Sendable () -> [UInt8] = { [] },
        logger: Logger = Logger(label: "crossdock.agent")
    ) throws {
        let identity = configuration.identity
        self.configuration = configuration
        self.logger = logger
        client = try MQTTClient(
            configuration: configuration.broker.clientConfiguration(
                clientID: "crossdock-agent-\(identity.tenant).\(identity.site).\(identity.agent)",
                lastWill: AgentStatusService.lastWill(for: identity)),
            logger: Logger(label: "crossdock.agent.mqtt"))
        outbox = try Outbox(
            path: configuration.outbox.path, identity: identity,
            options: Outbox.Options(quotaBytes: configuration.outbox.quotaBytes))
        let forwarder = Forwarder(outbox: outbox, client: client, settings: configuration.forwarder)
        self.forwarder = forwarder
        status = AgentStatusService(client: client, identity: identity, interval: statusInterval) {
            await forwarder.statusFigures()
        }
        var metricsServer: MetricsServer?
        if let host = configuration.metrics.host {
            // A metrics port already in use must not keep the agent from capturing and forwarding.
            metricsServer = try? MetricsServer(
                host: host, port: configuration.metrics.port, render: renderMetrics,
                health: {
                    let connected = forwarder.isConnected
                    return MetricsServer.Health(
                        healthy: true, text: "ok\nbroker: \(connected ? "connected" : "not connected")")
                })
            if metricsServer == nil {
                logger.error(
                    "cannot listen for /metrics and /healthz (port in use?); running without them: choose a free metrics.listen port",
                    metadata: ["metrics": "\(host):\(configuration.metrics.port)"])
            }
        }
        self.metricsServer = metricsServer
        idleMemory =
            configuration.memory.releaseWhenIdle
            ? IdleMemoryService(outbox: outbox, quietPeriod: configuration.memory.quietPeriod) : nil
    }

    /// Adds a source (started after the forwarder, stopped before it).
    public mutating func add(source: any Service) {
        sources.append(source)
    }

    /// The services in start order.
    public var services: [any Service] {
        (idleMemory.map { [$0] } ?? []) + (metricsServer.map { [$0] } ?? []) + [status, forwarder] + sources
    }

    /// Runs until SIGTERM or SIGINT, shuts down gracefully, and returns.
    public func run(gracePeriod: Duration = .seconds(10)) async throws {
        logger.info(
            "crossdock-agent \(CrossdockVersion.current) starting",
            metadata: [
                "identity": "\(configuration.identity)", "outbox": "\(configuration.outbox.path)",
                "sources": "\(sources.count)", "metrics": "\(configuration.metrics.description)",
            ])
        try await ProgramRunner.run(services: services, gracePeriod: gracePeriod, logger: logger)
        await client.shutdown(drainTimeout: .seconds(2))
        do {
            try await outbox.checkpoint()
        } catch {
            logger.warning("could not checkpoint the outbox on shutdown", metadata: ["error": "\(error)"])
        }
        logger.info("crossdock-agent stopped")
    }
}
