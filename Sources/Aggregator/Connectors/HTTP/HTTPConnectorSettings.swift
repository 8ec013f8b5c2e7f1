import Foundation
import Shared

/// A generic HTTP/JSON connector's settings (`connectors.NAME` with `kind: http`).
public struct HTTPConnectorSettings: Sendable {
    /// The base URL; a route's `request.path` is appended to it.
    public var url: String
    /// The method when the route gives none.
    public var method: String
    /// How long one attempt may take, connecting included; past it the attempt is retried.
    public var timeout: Duration
    /// Extra headers; values may hold `{{path}}` placeholders filled from the event.
    public var headers: [(name: String, value: RouteTemplate)]
    /// How calls authenticate.
    public var authentication: HTTPAuthentication
    /// The header that carries the job's idempotency key.
    public var idempotencyHeader: String
    /// How much of an error response body is kept with a dead letter.
    public var maxResponseBodyBytes: Int

    /// Creates settings.
    public init(
        url: String, method: String = "POST", timeout: Duration = .seconds(30),
        headers: [(name: String, value: RouteTemplate)] = [], authentication: HTTPAuthentication = .none,
        idempotencyHeader: String = "Idempotency-Key", maxResponseBodyBytes: Int = 4096
    ) {
        self.url = url
        self.method = method
        self.timeout = timeout
        self.headers = headers
        self.authentication = authentication
        self.idempotencyHeader = idempotencyHeader
        self.maxResponseBodyBytes = maxResponseBodyBytes
    }

    /// Reads the connector's mapping, recording every problem.
    init(reader: ConfigReader, environment: [String: String]) {
        let url = reader.requiredString("url", hint: "give the base URL, e.g. https://erp.example.com/api") ?? ""
        if !url.isEmpty {
            let parsed = URLComponents(string: url)
            if parsed?.scheme.map({ ["http", "https"].contains($0.lowercased()) }) != true || parsed?.host?.isEmpty != false {
                reader.problem("url", "expected an http:// or https:// URL with a host, found \"\(url)\"")
            }
        }
        var method = "POST"
        if let text = reader.string("method") {
            if HTTPMethodName.isValid(text) { method = text.uppercased() } else {
                reader.problem("method", "expected GET, POST, PUT, PATCH or DELETE, found \"\(text)\"")
            }
        }
        let timeout = reader.duration("timeout", default: .seconds(30), in: .milliseconds(100)...(.seconds(600)))
        var headers: [(name: String, value: RouteTemplate)] = []
        let headerSection = reader.section("headers")
        for name in headerSection.keys {
            guard let text = headerSection.string(name) else { continue }
            do {
                headers.append((name, try RouteTemplate(text)))
            } catch {
                headerSection.problem(name, "\(error)")
            }
        }
        self.init(
            url: url, method: method, timeout: timeout, headers: headers,
            authentication: HTTPAuthentication(reader: reader.section("auth"), environment: environment),
            idempotencyHeader: reader.string("idempotency_header", default: "Idempotency-Key"),
            maxResponseBodyBytes: Int(reader.byteCount("max_response_body", default: 4096, in: 0...1_048_576)))
    }
}
