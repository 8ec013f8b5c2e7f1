import Shared

/// How an HTTP connector authenticates its calls (`auth:`); secrets come only from `{env:}` or `{file:}`.
public enum HTTPAuthentication: Sendable {
    /// No credentials.
    case none
    /// `Authorization: Bearer TOKEN`.
    case bearer(token: Secret)
    /// `Authorization: Basic base64(USER:PASSWORD)`.
    case basic(username: String, password: Secret)
    /// The hex HMAC-SHA256 of the request body under `key`, in `header`, after `prefix` (e.g. `sha256=`).
    case hmacSHA256(key: Secret, header: String, prefix: String)

    /// Reads `auth:` (`type: none | bearer | basic | hmac-sha256`).
    init(reader: ConfigReader, environment: [String: String]) {
        guard reader.isPresent else {
            self = .none
            return
        }
        switch reader.string("type", default: "none").lowercased() {
        case "none":
            self = .none
        case "bearer":
            guard let token = reader.secret("token", environment: environment) else {
                if !reader.contains("token") { reader.problem("token", "missing; give it as {env: VARIABLE} or {file: PATH}") }
                self = .none
                return
            }
            self = .bearer(token: token)
        case "basic":
            let username = reader.requiredString("username", hint: "give the user name for basic authentication")
            let password = reader.secret("password", environment: environment)
            if !reader.contains("password") { reader.problem("password", "missing; give it as {env: VARIABLE} or {file: PATH}") }
            guard let username, let password else {
                self = .none
                return
            }
            self = .basic(username: username, password: password)
        case "hmac-sha256", "hmac":
            let key = reader.secret("key", environment: environment)
            if !reader.contains("key") { reader.problem("key", "missing; give the signing key as {env: VARIABLE} or {file: PATH}") }
            let header = reader.string("header", default: "X-Crossdock-Signature")
            let prefix = reader.string("prefix", default: "sha256=")
            guard let key else {
                self = .none
                return
            }
            self = .hmacSHA256(key: key, header: header, prefix: prefix)
        case let other:
            reader.problem("type", "expected 'none', 'bearer', 'basic' or 'hmac-sha256', found \"\(other)\"")
            self = .none
        }
    }

    /// A short description for `check-config` (never the secret).
    var summary: String {
        switch self {
        case .none: "no auth"
        case .bearer(let token): "bearer token (\(token.origin))"
        case .basic(let username, let password): "basic \(username) (\(password.origin))"
        case .hmacSHA256(_, let header, _): "HMAC-SHA256 in \(header)"
        }
    }
}
