import Foundation
import Hummingbird

/// An error the API answers with: a status and a JSON body `{"error": code, "detail": text}`.
///
/// `error` is a stable code a client can switch on (`unauthorized`, `forbidden`, `not-found`, `invalid-request`,
/// `too-large`, …); `detail` says what was wrong and what to do.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The stable code.
    public var code: String
    /// What happened and what to do.
    public var detail: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    /// `status code: detail`.
    public var description: String { "\(status.code) \(code): \(detail)" }

    /// The JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The JSON response, without a request.
    public func response() -> Response {
        let body = (try? JSONEncoder().encode(["error": code, "detail": detail])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// 403 for a key that may not do this.
    static func forbidden(_ detail: String) -> APIError { APIError(.forbidden, "forbidden", detail) }

    /// 404 for what does not exist for this key.
    static func notFound(_ detail: String) -> APIError { APIError(.notFound, "not-found", detail) }

    /// 400 for a request that cannot be served as sent.
    static func invalid(_ detail: String) -> APIError { APIError(.badRequest, "invalid-request", detail) }
}
