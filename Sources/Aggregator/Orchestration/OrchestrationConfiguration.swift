import Foundation
import Shared
import WireProtocol

/// The orchestration part of the aggregator's configuration: `connectors:`, `routes:` and `jobs:`.
///
/// ```yaml
/// connectors:
///   erp:  {kind: http, url: "https://erp.example.com/api", auth: {type: bearer, token: {env: ERP_TOKEN}}}
///   wms:  {kind: agent_command, agent: wms}
/// routes:
///   - name: shipment-to-erp
///     match: {type: com.crossdock.shipment.confirmed.v1, tenant: acme}
///     destination: erp
///     action: shipment.confirm
///     request: {path: "/shipments/{{subject}}/confirm", body: '{"order": "{{data.orderNumber}}"}'}
/// jobs: {concurrency: 8, retry: {initial_backoff: 1s, max_backoff: 5m, max_attempts: 20}}
/// ```
public struct OrchestrationConfiguration: Sendable {
    /// The connectors configured under `connectors:`, by name.
    public var connectors: [String: ConnectorSettings]
    /// The routes, in the order written (a job's order among the jobs of one event).
    public var routes: [Route]
    /// How jobs are worked.
    public var jobs: JobRunnerSettings

    /// Creates a configuration.
    public init(connectors: [String: ConnectorSettings] = [:], routes: [Route] = [], jobs: JobRunnerSettings = JobRunnerSettings()) {
        self.connectors = connectors
        self.routes = routes
        self.jobs = jobs
    }

    /// Reads `connectors:`, `routes:` and `jobs:` from the top of the configuration.
    ///
    /// - Parameters:
    ///   - otherDestinations: connector names configured in other sections (e.g. the ERP connector), which routes
    ///     may name as well.
    public init(
        reader: ConfigReader, environment: [String: String] = ProcessInfo.processInfo.environment,
        otherDestinations: Set<String> = []
    ) {
        var connectors: [String: ConnectorSettings] = [:]
        let section = reader.section("connectors")
        for name in section.keys {
            let entry = section.section(name)
            if let problem = AgentIdentity.identifierProblem(name, role: "connector name") {
                section.problem(name, problem)
            }
            if let settings = ConnectorSettings(reader: entry, environment: environment) { connectors[name] = settings }
        }
        let destinations = Set(section.keys).union(otherDestinations)
        var routes: [Route] = []
        var names: Set<String> = []
        for item in reader.list("routes") {
            guard let route = Route(reader: item) else { continue }
            if !names.insert(route.name).inserted {
                item.problem("name", "another route is already named \"\(route.name)\"; route names must be unique")
            }
            if !destinations.contains(route.destination) {
                let hint = ConfigReader.suggestion(for: route.destination, among: destinations).map { " (did you mean '\($0)'?)" } ?? ""
                let known = destinations.isEmpty ? "none is configured" : "configured: \(destinations.sorted().joined(separator: ", "))"
                item.problem("destination", "unknown connector \"\(route.destination)\"\(hint); \(known)")
            }
            if route.request.path != nil || route.request.method != nil, let settings = connectors[route.destination],
                case .agentCommand = settings
            {
                item.problem("request", "method and path apply to HTTP connectors; \(route.destination) publishes agent commands")
            }
            routes.append(route)
        }
        self.init(connectors: connectors, routes: routes, jobs: JobRunnerSettings(reader: reader.section("jobs")))
    }

    /// Lines for `check-config`.
    public var summary: String {
        var lines = connectors.sorted { $0.key < $1.key }.map { "  connector: \($0.key): \($0.value.summary)" }
        lines += routes.map { route in
            "  route:     \(route.name): \(route.match.types.sorted().joined(separator: ", ")) → \(route.destination) \(route.action)"
        }
        lines.append(
            "  jobs:      \(jobs.concurrency) at a time, retry \(DurationText.format(jobs.initialBackoff))…\(DurationText.format(jobs.maxBackoff)) up to \(jobs.maxAttempts) attempts, breaker after \(jobs.breakerFailures) failures")
        return lines.joined(separator: "\n")
    }
}
