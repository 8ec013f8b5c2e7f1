import Shared
import WireProtocol

/// A content-based route: events it matches become jobs for one destination connector.
///
/// Configured under `routes:`; ``RoutePlanner`` applies every route to each newly stored event (an event can start
/// several jobs, one per matching route).
public struct Route: Sendable, Hashable {
    /// Unique among routes; part of every job's idempotency key, so renaming a route makes its jobs new ones.
    public var name: String
    /// Which events it takes.
    public var match: RouteMatch
    /// The connector the jobs go to (a key of `connectors:` or a connector configured elsewhere).
    public var destination: String
    /// What to do there (`post`, `shipment.confirm`, `order.release`, …), passed to the connector.
    public var action: String
    /// The business key jobs are ordered by; `nil` uses the event's `subject`.
    public var businessKey: RouteTemplate?
    /// How the request is built from the event.
    public var request: RouteRequestMapping

    /// Creates a route.
    public init(
        name: String, match: RouteMatch, destination: String, action: String, businessKey: RouteTemplate? = nil,
        request: RouteRequestMapping = RouteRequestMapping()
    ) {
        self.name = name
        self.match = match
        self.destination = destination
        self.action = action
        self.businessKey = businessKey
        self.request = request
    }

    /// Reads one entry of `routes:`; `nil` (with problems recorded) when it is unusable.
    init?(reader: ConfigReader) {
        let name = reader.requiredString("name", hint: "give every route a unique name, e.g. shipment-to-erp")
        if let name, let problem = AgentIdentity.identifierProblem(name, role: "route name") {
            reader.problem("name", "\(problem); it is part of each job's idempotency key")
        }
        let match = RouteMatch(reader: reader.section("match"))
        let destination = reader.requiredString("destination", hint: "name the connector the jobs go to (a key of connectors:)")
        let action = reader.string("action", default: "post")
        var businessKey: RouteTemplate?
        if let text = reader.string("business_key") {
            do {
                businessKey = try RouteTemplate(text)
            } catch {
                reader.problem("business_key", "\(error)")
            }
        }
        let request = RouteRequestMapping(reader: reader.section("request"))
        guard let name, let destination else { return nil }
        self.init(
            name: name, match: match, destination: destination, action: action, businessKey: businessKey,
            request: request)
    }
}
