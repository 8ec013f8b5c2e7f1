import Shared

/// How a route builds its request from the canonical event: method and path (HTTP connectors) and a JSON body.
public struct RouteRequestMapping: Sendable, Hashable {
    /// The HTTP method; `nil` uses the connector's.
    public var method: String?
    /// The path appended to the connector's URL (`/shipments/{{subject}}/confirm`); values are percent-encoded.
    public var path: RouteTemplate?
    /// The body; the whole event unless given.
    public var body: RouteBodyTemplate

    /// Creates a mapping.
    public init(method: String? = nil, path: RouteTemplate? = nil, body: RouteBodyTemplate = .wholeEvent) {
        self.method = method
        self.path = path
        self.body = body
    }

    /// Reads `request:`.
    init(reader: ConfigReader) {
        self.init()
        if let method = reader.string("method") {
            if HTTPMethodName.isValid(method) {
                self.method = method.uppercased()
            } else {
                reader.problem("method", "expected GET, POST, PUT, PATCH or DELETE, found \"\(method)\"")
            }
        }
        if let text = reader.string("path") {
            if !text.hasPrefix("/") { reader.problem("path", "must start with /, found \"\(text)\"") }
            do {
                path = try RouteTemplate(text)
            } catch {
                reader.problem("path", "\(error)")
            }
        }
        if let text = reader.string("body") {
            do {
                body = try RouteBodyTemplate(text)
            } catch {
                reader.problem("body", "\(error)")
            }
        }
    }
}

/// The HTTP methods routes and connectors may use.
enum HTTPMethodName {
    static let allowed: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    static func isValid(_ text: String) -> Bool { allowed.contains(text.uppercased()) }
}
