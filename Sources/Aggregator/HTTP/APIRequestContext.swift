import Hummingbird

/// The request context of the aggregator's HTTP API: Hummingbird's core context plus the authenticated key.
public struct APIRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The key the request authenticated with; set by ``APIAuthenticationMiddleware`` on protected routes.
    public var key: APIKey?

    /// Creates the context for a request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        key = nil
    }

    /// The authenticated key, or a 401 when the route was reached without one.
    public func requireKey() throws(APIError) -> APIKey {
        guard let key else { throw APIError(.unauthorized, "unauthorized", "this endpoint needs an API key") }
        return key
    }
}
