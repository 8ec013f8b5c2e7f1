import Hummingbird
import Prometheus

extension HTTPAPIService {
    /// `GET /metrics`: the process's swift-metrics counters (ingest, acks, job attempts, retries, dead letters,
    /// circuit breakers, admin actions) and gauges read from the store at each scrape.
    ///
    /// Store gauges: `crossdock_aggregator_events{type}`, `crossdock_aggregator_exceptions{state}`,
    /// `crossdock_aggregator_jobs{destination,state}`, `crossdock_aggregator_agents{state}`,
    /// `crossdock_aggregator_agent_backlog{tenant,site,agent}`. Nothing in it is a secret: no keys, no payloads.
    func addMetricsRoute(to router: Router<APIRequestContext>) {
        let registry = dependencies.metrics ?? PrometheusCollectorRegistry()
        let store = dependencies.store
        router.get("metrics") { _, _ in
            for count in try await store.adminTypeCounts(scope: .allTenants) {
                Self.gauge(registry, "events", labels: [("type", count.type)])
                    .set(Double(count.count))
            }
            var exceptions: [AdminExceptionState: Int] = [:]
            for exception in try await store.adminExceptions(scope: .allTenants, state: nil, limit: 1000) {
                exceptions[exception.state, default: 0] += 1
            }
            for state in AdminExceptionState.allCases {
                Self.gauge(registry, "exceptions", labels: [("state", state.rawValue)])
                    .set(Double(exceptions[state] ?? 0))
            }
            for connector in try await store.adminConnectors(scope: .allTenants) {
                for (state, value) in [
                    ("pending", connector.pending), ("running", connector.running), ("done", connector.done),
                    ("dead", connector.dead),
                ] {
                    Self.gauge(registry, "jobs", labels: [("destination", connector.destination), ("state", state)]
                    ).set(Double(value))
                }
            }
            var agents: [String: Int] = ["online": 0, "offline": 0, "unknown": 0]
            for agent in try await store.adminAgents(scope: .allTenants) {
                agents[agent.state, default: 0] += 1
                if let backlog = agent.backlog {
                    Self.gauge(registry, "agent_backlog",
                        labels: [("tenant", agent.tenant), ("site", agent.site), ("agent", agent.agent)]
                    ).set(Double(backlog))
                }
            }
            for (state, count) in agents {
                Self.gauge(registry, "agents", labels: [("state", state)]).set(Double(count))
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// A gauge `crossdock_aggregator_<name>` of the registry with its help text.
    private static func gauge(_ registry: PrometheusCollectorRegistry, _ name: String, labels: [(String, String)]) -> Gauge {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "crossdock", subsystem: "aggregator", metricName: name, unitName: "",
                helpText: gaugeHelp[name] ?? ""),
            labels: labels)
    }

    private static let gaugeHelp: [String: String] = [
        "events": "Events stored, by type",
        "exceptions": "Exceptions, by operator state",
        "jobs": "Orchestration jobs, by destination and state",
        "agent_backlog": "Events in an agent outbox not yet acknowledged, from its last status",
        "agents": "Agents, by the state of their last status",
    ]
}
