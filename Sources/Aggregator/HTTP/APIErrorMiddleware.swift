import Hummingbird
import Logging

/// Turns every error into a JSON `{error, detail}` response: ``APIError``s as they are, Hummingbird's own errors
/// (unknown route, body too large) with their status, anything else as a 500 that is logged and tells nothing
/// about the inside.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HTTPError {
            let code: String
            switch error.status {
            case .notFound: code = "not-found"
            case .contentTooLarge: code = "too-large"
            case .methodNotAllowed: code = "method-not-allowed"
            case .unauthorized: code = "unauthorized"
            case .forbidden: code = "forbidden"
            default: code = error.status.code < 500 ? "invalid-request" : "internal"
            }
            let detail: String
            switch error.status {
            case .notFound: detail = error.body ?? "no such endpoint: \(request.method) \(request.uri.path)"
            case .contentTooLarge: detail = error.body ?? "the request body is larger than http.max_body allows"
            default: detail = error.body ?? error.status.reasonPhrase
            }
            return APIError(error.status, code, detail).response()
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return APIError(.internalServerError, "internal", "the request failed inside the aggregator; see its log")
                .response()
        }
    }
}
