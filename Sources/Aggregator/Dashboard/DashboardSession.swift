import Foundation
import Hummingbird

/// The browser's login: the API key in an HttpOnly, SameSite=Strict cookie, and a CSRF token derived from it.
///
/// Every form that changes something carries ``csrfToken(for:)`` in a hidden field; a POST without the matching
/// token, or whose `Origin` names another host, is refused before anything changes.
struct DashboardSession {
    /// The cookie's name.
    static let cookie = "session"

    let keyring: APIKeyring
    let secureCookies: Bool

    /// The key of the request's session cookie, or `nil`.
    func key(of request: Request) -> (APIKey, String)? {
        guard let token = request.cookies[Self.cookie]?.value, let key = keyring.authenticate(token: token) else {
            return nil
        }
        return (key, token)
    }

    /// The `Set-Cookie` value that logs `token` in.
    func loginCookie(_ token: String) -> String {
        "\(Self.cookie)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=43200\(secureCookies ? "; Secure" : "")"
    }

    /// The `Set-Cookie` value that logs out.
    var logoutCookie: String {
        "\(Self.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0\(secureCookies ? "; Secure" : "")"
    }

    /// The CSRF token of a session: hex SHA-256 of a fixed label and the key (not the key, not guessable without it).
    static func csrfToken(for token: String) -> String {
        SHA256Digest.hex(SHA256Digest.hash(Array("csrf\u{0}".utf8) + Array(token.utf8)))
    }

    /// Whether a form POST is from this site: its `Origin` (when sent) is this host, and its `csrf` field matches.
    static func isSameSite(_ request: Request, form: [String: String], token: String) -> Bool {
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard let url = URL(string: origin), let originHost = url.host else { return false }
            let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
            guard originAuthority == host else { return false }
        }
        guard let sent = form["csrf"] else { return false }
        return SHA256Digest.constantTimeEqual(Array(sent.utf8), Array(csrfToken(for: token).utf8))
    }

    /// An `application/x-www-form-urlencoded` body as a dictionary (first value of each name).
    static func form(_ request: Request) async throws -> [String: String] {
        let text = String(decoding: try await AdminRequest.body(request, upTo: 16 << 10), as: UTF8.self)
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
