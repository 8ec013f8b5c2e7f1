import Foundation
import Hummingbird
import WireProtocol

/// Reading an admin request: the key's permission, its scope, and the parameters, each checked with a clear 4xx.
enum AdminRequest {
    /// What a route needs of the key's role.
    enum Need {
        /// Reading (admin, operator, viewer).
        case read
        /// Replaying, acknowledging, resolving (admin, operator).
        case operate
        /// The audit log (admin).
        case audit
    }

    /// The key, which must have `need`, and the rows it may see: its tenant, or for a partner-wide key the
    /// `?tenant=` it names or every tenant.
    static func authorize(_ request: Request, _ context: APIRequestContext, _ need: Need) throws(APIError)
        -> (APIKey, AdminScope)
    {
        let key = try context.requireKey()
        let allowed: Bool
        switch need {
        case .read: allowed = key.role.readsAdmin
        case .operate: allowed = key.role.operates
        case .audit: allowed = key.role.readsAudit
        }
        guard allowed else {
            let what: String
            switch need {
            case .read: what = "reading the admin API needs role admin, operator or viewer"
            case .operate: what = "replaying, acknowledging and resolving need role admin or operator"
            case .audit: what = "the audit log needs role admin"
            }
            throw APIError.forbidden("the key \(key.name) has role \(key.role); \(what)")
        }
        return (key, try scope(request, key: key))
    }

    /// The scope of a request for `key`.
    static func scope(_ request: Request, key: APIKey) throws(APIError) -> AdminScope {
        let asked = request.uri.queryParameters.get("tenant")
        switch key.scope {
        case .tenant(let own):
            if let asked, asked != own {
                throw APIError.forbidden("the key \(key.name) is for tenant \(own); it cannot read another tenant")
            }
            return .tenant(own)
        case .partner:
            guard let asked, !asked.isEmpty else { return .allTenants }
            if let problem = AgentIdentity.identifierProblem(asked, role: "tenant") {
                throw APIError.invalid("?tenant=: \(problem)")
            }
            return .tenant(asked)
        }
    }

    /// `?name=` as text of at most 512 bytes, or `nil`.
    static func text(_ request: Request, _ name: String) throws(APIError) -> String? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        guard !value.isEmpty, value.utf8.count <= 512 else {
            throw APIError.invalid("?\(name)= must be 1 to 512 bytes")
        }
        return value
    }

    /// `?name=` as a whole number in `range`, or `fallback`.
    static func integer(_ request: Request, _ name: String, in range: ClosedRange<Int64>, default fallback: Int64?)
        throws(APIError) -> Int64?
    {
        guard let text = request.uri.queryParameters.get(name) else { return fallback }
        guard let value = Int64(text), range.contains(value) else {
            throw APIError.invalid("?\(name)= must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// `?name=` as an RFC 3339 timestamp, in milliseconds since 1970, or `nil`.
    static func time(_ request: Request, _ name: String) throws(APIError) -> Int64? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let time = ZonedDateTime(text) else {
            throw APIError.invalid("?\(name)= must be an RFC 3339 timestamp such as 2026-03-01T00:00:00Z")
        }
        return Int64((time.date.timeIntervalSince1970 * 1000).rounded())
    }

    /// A numeric path parameter (an exception's or a job's number).
    static func number(_ name: String, _ context: APIRequestContext) throws(APIError) -> Int64 {
        guard let text = context.parameters.get(name), let value = Int64(text), value > 0 else {
            throw APIError.invalid("the \(name) in the path must be a positive whole number")
        }
        return value
    }

    /// A text path parameter, percent-decoded, 1 to 1024 bytes.
    static func pathText(_ name: String, _ context: APIRequestContext) throws(APIError) -> String {
        guard let raw = context.parameters.get(name), let value = raw.removingPercentEncoding, !value.isEmpty,
            value.utf8.count <= 1024
        else {
            throw APIError.invalid("the \(name) in the path is empty, too long or not percent-encoded UTF-8")
        }
        return value
    }

    /// The `comment` of a JSON body `{"comment": "…"}` (an empty body has none); `required` makes it mandatory.
    static func comment(_ request: Request, required: Bool) async throws -> String? {
        let bytes = try await body(request, upTo: 16 << 10)
        var comment: String?
        if !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            guard let parsed = try? JSONValue.parse(bytes), case .object(let object) = parsed else {
                throw APIError.invalid("the body must be a JSON object such as {\"comment\": \"why\"}")
            }
            if let value = object["comment"] {
                guard case .string(let text) = value else { throw APIError.invalid("comment must be a string") }
                comment = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        if let text = comment, text.utf8.count > 2000 {
            throw APIError.invalid("comment is longer than 2000 bytes; shorten it")
        }
        if required && (comment ?? "").isEmpty {
            throw APIError.invalid("a comment is required: send {\"comment\": \"what was done\"}")
        }
        return comment?.isEmpty == true ? nil : comment
    }

    /// The request body, at most `limit` bytes (a larger one is a 413).
    static func body(_ request: Request, upTo limit: Int) async throws -> [UInt8] {
        var request = request
        do {
            return Array(try await request.collectBody(upTo: limit).readableBytesView)
        } catch where String(describing: type(of: error)).contains("TooManyBytes") {
            // NIO's NIOTooManyBytesError (swift-nio is not a direct dependency of this module).
            throw APIError(.contentTooLarge, "too-large", "the request body is larger than \(limit >> 10) KiB; send less")
        }
    }
}
