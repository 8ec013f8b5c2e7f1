import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Shared
import WireProtocol

/// A generic HTTP/JSON connector: REST endpoints and webhooks of an ERP, a TMS, a portal.
///
/// Each attempt sends the job's ``RoutedRequest`` (method, the connector's URL + the route's path, the JSON body)
/// with the configured headers and authentication, `Content-Type: application/json` and the job's idempotency key
/// in ``HTTPConnectorSettings/idempotencyHeader``. The answer is classified:
///
/// - 2xx: done;
/// - 408, 429, 5xx, a timeout, a refused or broken connection: retry;
/// - any other status (4xx, an unexpected 1xx/3xx): dead letter, keeping the response body (truncated to
///   ``HTTPConnectorSettings/maxResponseBodyBytes``).
///
/// Messages start with `HTTP <status>` so the attempt's status is recorded for `trace`.
public struct HTTPConnector: Connector {
    public let name: String
    /// Its settings.
    public let settings: HTTPConnectorSettings
    private let client: HTTPClient

    /// Creates a connector named `name`; calls go through `client` (the process-wide shared client by default).
    public init(name: String, settings: HTTPConnectorSettings, client: HTTPClient = .shared) {
        self.name = name
        self.settings = settings
        self.client = client
    }

    public func perform(_ job: JobRequest) async -> ConnectorOutcome {
        let request: HTTPClientRequest
        let body: [UInt8]
        do {
            (request, body) = try build(job)
        } catch {
            return .deadLetter(reason: "cannot build the request: \(error)", responseBody: nil)
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(settings.timeout.secondsValue * 1e9))
        do {
            let response = try await client.execute(request, deadline: deadline)
            let collected = try await response.body.collect(upTo: max(settings.maxResponseBodyBytes, 64 * 1024) * 4)
            let status = Int(response.status.code)
            let excerpt = Self.excerpt(Array(buffer: collected), limit: settings.maxResponseBodyBytes)
            let head = "HTTP \(status) \(response.status.reasonPhrase)"
            switch status {
            case 200...299:
                return .done(detail: head + " (\(body.count) bytes sent)")
            case 408, 429, 500...599:
                return .retry(reason: excerpt.isEmpty ? head : "\(head): \(excerpt.prefix(300))")
            default:
                return .deadLetter(reason: excerpt.isEmpty ? head : "\(head): \(excerpt.prefix(300))", responseBody: excerpt)
            }
        } catch {
            if Task.isCancelled { return .retry(reason: "cancelled: the aggregator is stopping") }
            return .retry(reason: "\(request.method.rawValue) \(request.url) failed: \(Self.describe(error))")
        }
    }

    /// The request for `job` and its body bytes.
    func build(_ job: JobRequest) throws -> (HTTPClientRequest, [UInt8]) {
        var method = settings.method
        var path = ""
        var body = job.payload
        if let routed = try? RoutedRequest(payload: job.payload), !routed.route.isEmpty {
            method = routed.method ?? method
            path = routed.path ?? ""
            body = routed.body.encoded()
        }
        let base = settings.url.hasSuffix("/") && path.hasPrefix("/") ? String(settings.url.dropLast()) : settings.url
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "User-Agent", value: "crossdock-aggregator/\(CrossdockVersion.current)")
        request.headers.add(name: settings.idempotencyHeader, value: job.idempotencyKey)
        if !settings.headers.isEmpty {
            let event = try JSONValue.parse(job.event.raw)
            for header in settings.headers {
                request.headers.replaceOrAdd(name: header.name, value: try header.value.render(event))
            }
        }
        switch settings.authentication {
        case .none: break
        case .bearer(let token):
            request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token.reveal())")
        case .basic(let username, let password):
            let credentials = Data("\(username):\(password.reveal())".utf8).base64EncodedString()
            request.headers.replaceOrAdd(name: "Authorization", value: "Basic \(credentials)")
        case .hmacSHA256(let key, let header, let prefix):
            request.headers.replaceOrAdd(name: header, value: prefix + HMACSHA256.hex(key: Array(key.reveal().utf8), message: body))
        }
        if method != "GET" {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return (request, body)
    }

    /// At most `limit` bytes of a response body as text, cut on a character boundary, with the full size noted.
    static func excerpt(_ bytes: [UInt8], limit: Int) -> String {
        guard bytes.count > limit else { return String(decoding: bytes, as: UTF8.self) }
        var end = limit
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: bytes[..<end], as: UTF8.self) + "… (\(bytes.count) bytes in all)"
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out (\(error))"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
