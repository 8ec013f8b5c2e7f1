import Foundation
import WireProtocol

/// Plans the jobs of each newly stored event from the configured routes (the content-based router).
///
/// Every route whose ``RouteMatch`` takes the event gives one job, in route order: its business key is the route's
/// `business_key` template or else the event's `subject`; its idempotency key is ``JobIdempotencyKey`` of the
/// event and the route; its payload is the ``RoutedRequest`` built from the event. Runs inside the store's write
/// transaction: no I/O, only template filling.
public struct RoutePlanner: OrchestrationPlanner {
    /// The routes, in order.
    public let routes: [Route]

    /// Creates a planner for `routes`.
    public init(routes: [Route]) {
        self.routes = routes
    }

    public func jobs(for event: CloudEvent) -> [PlannedJob] {
        let matching = routes.filter { $0.match.matches(event) }
        guard !matching.isEmpty else { return [] }
        let json = event.jsonValue
        return matching.map { route in
            var businessKey = event.subject
            var request = RoutedRequest(route: route.name, method: route.request.method)
            do {
                if let template = route.businessKey { businessKey = try template.render(json) }
                request.path = try route.request.path?.render(json, escape: Self.percentEncodePathSegment)
                request.body = try route.request.body.render(json)
            } catch {
                request.mappingError = "route \(route.name): \(error)"
            }
            return PlannedJob(
                destination: route.destination, action: route.action, businessKey: businessKey,
                idempotencyKey: JobIdempotencyKey.make(source: event.source, id: event.id, route: route.name),
                payload: request.payload)
        }
    }

    /// Percent-encodes a value for one path segment (`/`, `?`, `#`, spaces and the like are encoded).
    static func percentEncodePathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: pathSegmentCharacters) ?? text
    }

    private static let pathSegmentCharacters: CharacterSet = {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        return allowed
    }()
}
