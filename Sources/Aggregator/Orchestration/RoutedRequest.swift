import WireProtocol

/// What ``RoutePlanner`` stores as a job's payload: the route's request built from the event when it was stored.
///
/// Stored as JSON (`{"route":…,"method":…,"path":…,"body":…}`), so every attempt and every replay sends exactly
/// the same request. When the event lacks a value the route's mapping needs, ``mappingError`` says which, and the
/// connector dead-letters the job with that reason instead of sending a half-filled request.
public struct RoutedRequest: Sendable, Hashable {
    /// The route that planned the job.
    public var route: String
    /// The HTTP method the route asks for, if any.
    public var method: String?
    /// The path (placeholders filled and percent-encoded), if any.
    public var path: String?
    /// The request body.
    public var body: JSONValue
    /// Why the request could not be built, or `nil`.
    public var mappingError: String?

    /// Creates a request.
    public init(route: String, method: String? = nil, path: String? = nil, body: JSONValue = .null, mappingError: String? = nil) {
        self.route = route
        self.method = method
        self.path = path
        self.body = body
        self.mappingError = mappingError
    }

    /// Reads a job's payload.
    ///
    /// - Throws: ``WireProtocolError`` when the payload is not such a JSON object.
    public init(payload: [UInt8]) throws(WireProtocolError) {
        let value = try JSONValue.parse(payload, limits: .event)
        self.init(
            route: value["route"]?.stringValue ?? "", method: value["method"]?.stringValue, path: value["path"]?.stringValue,
            body: value["body"] ?? .null, mappingError: value["error"]?.stringValue)
    }

    /// The payload bytes.
    public var payload: [UInt8] {
        var object = JSONObject()
        object["route"] = .string(route)
        if let method { object["method"] = .string(method) }
        if let path { object["path"] = .string(path) }
        if let mappingError { object["error"] = .string(mappingError) } else { object["body"] = body }
        return JSONValue.object(object).encoded()
    }
}
