import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Shared
import Synchronization
import WireProtocol

/// The aggregator's HTTP API: health, inbound events and the customer portal, on Hummingbird 2.
///
/// Routes (JSON in and out; every error is `{"error": code, "detail": text}`):
///
/// | route | who | what |
/// |---|---|---|
/// | `GET /healthz` | anyone | the process serves requests |
/// | `GET /readyz` | anyone | the store answers and the broker is connected (503 otherwise) |
/// | `POST /v1/events` | `ingest`/`admin` keys with an `origin` | one CloudEvent or a batch, stored like MQTT ingest |
/// | `GET /v1/portal/orders` | `customer`/`viewer`/`operator`/`admin` | orders with their state |
/// | `GET /v1/portal/orders/{number}` | same | lines, shipments with milestones, invoices, state |
/// | `GET /v1/portal/shipments/{number}` | same | one shipment with its milestones |
/// | `GET /v1/admin/…` | `admin`/`operator`/`viewer` | events, traces, exceptions, dead letters, agents, connectors |
/// | `POST /v1/admin/…` | `admin`/`operator` | acknowledge and resolve exceptions, replay dead letters (audited) |
/// | `GET /v1/admin/audit` | `admin` | the append-only audit log |
/// | `GET /metrics` | anyone | Prometheus text format |
/// | `GET /dashboard…`, `/portal…` | browser, key in an HttpOnly cookie | operator dashboard, customer portal |
///
/// Keys are tenant-scoped: a request never sees another tenant's rows (another tenant's order is a 404, naming
/// another tenant is a 403). Partner-wide keys choose the tenant with `?tenant=` (the admin API shows every tenant
/// without it). `docs/openapi.yaml` describes every route.
public final class HTTPAPIService: Service {
    /// What the service needs from the rest of the aggregator.
    public struct Dependencies: Sendable {
        /// Where events go, where the portal and the admin API read.
        public var store: any EventStore & OrderLifecycleStore & AdminStore
        /// The system-of-record rules for inbound events.
        public var systemOfRecord: SystemOfRecordRules
        /// Decoding limits and the unknown-type policy, as for MQTT ingest.
        public var ingest: IngestSettings
        /// The broker connection's state, for `/readyz`; `nil` when there is no broker.
        public var brokerState: (@Sendable () -> MQTTConnectionState)?
        /// Replays a dead letter by its job number and returns the jobs made pending (empty: it was not dead);
        /// `nil` when no job runner is part of the aggregator.
        public var replay: (@Sendable (Int64) async throws -> [Int64])?
        /// A destination's circuit breaker state (`closed`, `open`, `half-open`), when the job runner runs here.
        public var circuitState: (@Sendable (String) -> String?)?
        /// The registry `/metrics` renders; `nil` serves only the store's gauges.
        public var metrics: PrometheusCollectorRegistry?
        /// The dashboard's and portal pages' branding.
        public var dashboard: DashboardSettings

        /// Creates the dependencies.
        public init(
            store: any EventStore & OrderLifecycleStore & AdminStore,
            systemOfRecord: SystemOfRecordRules = SystemOfRecordRules(), ingest: IngestSettings = IngestSettings(),
            brokerState: (@Sendable () -> MQTTConnectionState)? = nil,
            replay: (@Sendable (Int64) async throws -> [Int64])? = nil,
            circuitState: (@Sendable (String) -> String?)? = nil, metrics: PrometheusCollectorRegistry? = nil,
            dashboard: DashboardSettings = DashboardSettings()
        ) {
            self.store = store
            self.systemOfRecord = systemOfRecord
            self.ingest = ingest
            self.brokerState = brokerState
            self.replay = replay
            self.circuitState = circuitState
            self.metrics = metrics
            self.dashboard = dashboard
        }
    }

    /// The settings it listens with.
    public let settings: HTTPSettings
    let dependencies: Dependencies
    let logger: Logger
    private let listening = ReadySignal()
    private let port = Mutex<Int?>(nil)

    /// Creates the service; nothing listens until ``run()``.
    public init(
        settings: HTTPSettings, dependencies: Dependencies,
        logger: Logger = Logger(label: "crossdock.aggregator.http")
    ) {
        self.settings = settings
        self.dependencies = dependencies
        self.logger = logger
    }

    /// Waits until the server listens and returns its port (the one picked, for `listen: …:0`).
    public func waitUntilListening() async -> Int {
        await listening.wait()
        return port.withLock { $0 } ?? settings.port
    }

    public func run() async throws {
        guard let host = settings.host else {
            logger.info("no http section: the HTTP API is off")
            // Returning early would end the whole service group: idle until shutdown instead.
            try? await gracefulShutdown()
            return
        }
        let logger = self.logger
        let application = Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: settings.port), serverName: nil),
            onServerRunning: { [self] channel in
                let bound = channel.localAddress?.port ?? 0
                self.port.withLock { $0 = bound }
                logger.info(
                    "HTTP API listening on \(host.contains(":") ? "[\(host)]" : host):\(bound)",
                    metadata: ["port": "\(bound)"])
                self.listening.signal()
            },
            logger: logger)
        try await application.run()
        logger.info("HTTP API stopped")
    }

    /// The router with every route; the admin API adds to it.
    func makeRouter() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        addHealthRoutes(to: router)
        addMetricsRoute(to: router)
        let authenticated = router.group("v1").add(middleware: APIAuthenticationMiddleware(keyring: settings.keys))
        addEventRoutes(to: authenticated)
        addPortalRoutes(to: authenticated.group("portal"))
        addAdminRoutes(to: authenticated.group("admin"))
        addPageRoutes(to: router)
        return router
    }

    /// A JSON response from an encodable value.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = try encoder.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The tenant a request is about: a tenant key's own (a different `?tenant=` is refused), or the `?tenant=` of
    /// a partner-wide key.
    static func tenant(of request: Request, key: APIKey) throws(APIError) -> String {
        let asked = request.uri.queryParameters.get("tenant")
        switch key.scope {
        case .tenant(let own):
            if let asked, asked != own {
                throw APIError.forbidden("the key \(key.name) is for tenant \(own); it cannot read another tenant")
            }
            return own
        case .partner:
            guard let asked, !asked.isEmpty else {
                throw APIError.invalid("the key \(key.name) is partner-wide: name the tenant with ?tenant=")
            }
            if let problem = AgentIdentity.identifierProblem(asked, role: "tenant") {
                throw APIError.invalid("?tenant=: \(problem)")
            }
            return asked
        }
    }
}
