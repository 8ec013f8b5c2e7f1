import Foundation
import Hummingbird

/// Authenticates `Authorization: Bearer <key>` against the keyring; answers 401 without a known key.
///
/// The key is hashed and compared with every configured key's SHA-256; it is never logged or kept.
struct APIAuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let keyring: APIKeyring

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, "unauthorized", "send the API key as Authorization: Bearer <key>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, "unauthorized", "expected Authorization: Bearer <key>")
        }
        guard let key = keyring.authenticate(token: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError(.unauthorized, "unauthorized", "unknown API key")
        }
        var context = context
        context.key = key
        context.logger[metadataKey: "key"] = "\(key.name)"
        return try await next(request, context)
    }
}
