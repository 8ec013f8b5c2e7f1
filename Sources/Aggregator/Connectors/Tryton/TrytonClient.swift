import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Shared
import WireProtocol

/// A JSON-RPC client for one Tryton 6.0 database: logs in once, reuses the session, logs in again when it expires.
///
/// Every call is `POST {url}/{database}/` with `{"id", "method", "params"}`; the answer is `result` or
/// `error`. Tryton reports refused data as HTTP 200 with `"error": ["UserError", [message, …]]`, which becomes a
/// ``TrytonError`` with ``TrytonError/Code/userError``. An HTTP 401 means the session expired: the client logs in
/// again and repeats the call once. The password comes from a ``Secret`` and is never logged.
public actor TrytonClient {
    /// Where the server listens (`http://127.0.0.1:8000`), without the database.
    public nonisolated let baseURL: String
    /// The database (the first path segment of every call).
    public nonisolated let database: String
    /// The user the integration logs in as.
    public nonisolated let user: String
    private let password: Secret
    private let timeout: Duration
    private let httpClient: HTTPClient
    private let logger: Logger
    private var session: String?
    private var login: Task<String, any Error>?
    private var nextID = 1
    /// How many logins this client made (1 unless the session expired); for tests and status output.
    public private(set) var loginCount = 0

    /// Creates a client; nothing is sent until the first call.
    ///
    /// - Parameters:
    ///   - url: the server's base URL, `http://host:port`.
    ///   - timeout: the longest one HTTP call may take (a `done` on a large shipment takes about a second).
    public init(
        url: String, database: String, user: String, password: Secret, timeout: Duration = .seconds(30),
        httpClient: HTTPClient = .shared, logger: Logger = Logger(label: "crossdock.aggregator.tryton")
    ) {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.database = database
        self.user = user
        self.password = password
        self.timeout = timeout
        self.httpClient = httpClient
        self.logger = logger
    }

    /// Calls `method` with `params` and returns its `result`, logging in first when there is no session.
    public func call(_ method: String, _ params: [JSONValue]) async throws(TrytonError) -> JSONValue {
        var token = try await currentSession()
        let (status, body) = try await post(method: method, params: params, session: token)
        if status == 401 || status == 403 {
            logger.info("Tryton session expired; logging in again", metadata: ["database": "\(database)"])
            if session == token { session = nil }
            token = try await currentSession()
            let (retryStatus, retryBody) = try await post(method: method, params: params, session: token)
            return try Self.result(of: method, status: retryStatus, body: retryBody)
        }
        return try Self.result(of: method, status: status, body: body)
    }

    /// `model.MODEL.search_read`: the records matching `domain`, with `fields` (dotted names read related records).
    public func searchRead(
        _ model: String, domain: JSONValue, fields: [String], order: [(String, String)] = [("id", "ASC")],
        offset: Int = 0, limit: Int? = nil
    ) async throws(TrytonError) -> [JSONObject] {
        let orderValue = JSONValue.array(order.map { .array([.string($0.0), .string($0.1)]) })
        let params: [JSONValue] = [
            domain, .number(DecimalNumber(offset)), limit.map { .number(DecimalNumber($0)) } ?? .null, orderValue,
            .array(fields.map { .string($0) }), .object([:]),
        ]
        let method = "model.\(model).search_read"
        let result = try await call(method, params)
        guard let rows = result.arrayValue else {
            throw TrytonError(.invalidResponse, operation: method, message: "expected a list of records")
        }
        return try rows.map { row throws(TrytonError) in
            guard let object = row.objectValue else {
                throw TrytonError(.invalidResponse, operation: method, message: "expected records as objects")
            }
            return object
        }
    }

    /// `model.MODEL.write`: sets `values` on the records `ids`.
    public func write(_ model: String, ids: [Int], values: JSONObject) async throws(TrytonError) {
        _ = try await call(
            "model.\(model).write", [.array(ids.map { .number(DecimalNumber($0)) }), .object(values), .object([:])])
    }

    /// Presses a workflow button (`assign_force`, `pick`, `post`, …) on the records `ids`.
    public func button(_ model: String, _ name: String, ids: [Int]) async throws(TrytonError) {
        _ = try await call("model.\(model).\(name)", [.array(ids.map { .number(DecimalNumber($0)) }), .object([:])])
    }

    /// Drops the session, so the next call logs in again (after a password change, or in tests).
    public func forgetSession() {
        session = nil
    }

    // MARK: - Session

    private func currentSession() async throws(TrytonError) -> String {
        if let session { return session }
        let task: Task<String, any Error>
        if let login {
            task = login
        } else {
            task = Task { try await self.performLogin() }
            login = task
        }
        do {
            let token = try await task.value
            login = nil
            session = token
            return token
        } catch let error as TrytonError {
            login = nil
            throw error
        } catch {
            login = nil
            throw TrytonError(.connection, operation: "common.db.login", message: "\(error)")
        }
    }

    private func performLogin() async throws -> String {
        let method = "common.db.login"
        let params: [JSONValue] = [.string(user), .object(["password": .string(password.reveal())]), "en"]
        let (status, body) = try await post(method: method, params: params, session: nil)
        if status == 401 || status == 403 {
            throw TrytonError(.authentication, operation: method, message: "login refused (HTTP \(status))")
        }
        let result: JSONValue
        do {
            result = try Self.result(of: method, status: status, body: body)
        } catch {
            let refused = error.code == .userError || error.code == .serverFault
            throw refused ? TrytonError(.authentication, operation: method, message: "login refused: \(error.message)") : error
        }
        guard let parts = result.arrayValue, parts.count >= 2, let uid = TrytonValue.id(parts[0]),
            let key = parts[1].stringValue
        else {
            throw TrytonError(.authentication, operation: method, message: "login refused for user \(user)")
        }
        loginCount += 1
        logger.debug("logged in to Tryton", metadata: ["database": "\(database)", "user": "\(user)"])
        return Data("\(user):\(uid):\(key)".utf8).base64EncodedString()
    }

    // MARK: - HTTP

    private func post(method: String, params: [JSONValue], session: String?) async throws(TrytonError)
        -> (status: Int, body: [UInt8])
    {
        let id = nextID
        nextID += 1
        let envelope: JSONValue = [
            "id": .number(DecimalNumber(id)), "method": .string(method), "params": .array(params),
        ]
        var request = HTTPClientRequest(url: "\(baseURL)/\(database)/")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let session { request.headers.add(name: "Authorization", value: "Session \(session)") }
        request.body = .bytes(ByteBuffer(bytes: envelope.encoded()))
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let buffer = try await response.body.collect(upTo: 64 << 20)
            return (Int(response.status.code), Array(buffer.readableBytesView))
        } catch {
            throw TrytonError(.connection, operation: method, message: "\(error) (\(baseURL))")
        }
    }

    private static func result(of method: String, status: Int, body: [UInt8]) throws(TrytonError) -> JSONValue {
        guard status == 200 else {
            let text = String(decoding: body.prefix(500), as: UTF8.self)
            throw TrytonError(.httpStatus, operation: method, message: "HTTP \(status): \(text)", status: status)
        }
        let answer: JSONValue
        do {
            answer = try JSONValue.parse(body, limits: JSONLimits(maxBytes: 64 << 20, maxDepth: 64))
        } catch {
            throw TrytonError(.invalidResponse, operation: method, message: "not JSON: \(error)")
        }
        if let error = answer["error"], !error.isNull {
            throw fault(error, method: method)
        }
        guard let object = answer.objectValue, object.keys.contains("result") else {
            throw TrytonError(.invalidResponse, operation: method, message: "neither result nor error in the answer")
        }
        return answer["result"] ?? .null
    }

    /// `["UserError", [message, description, domain]]` or `[exception text, traceback]`.
    private static func fault(_ error: JSONValue, method: String) -> TrytonError {
        let kind = error[0]?.stringValue ?? error.encodedString()
        if kind == "UserError" || kind == "UserWarning" {
            let parts = error[1]?.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty } ?? []
            let message = parts.isEmpty ? error.encodedString() : parts.joined(separator: " ")
            return TrytonError(.userError, operation: method, message: message)
        }
        return TrytonError(.serverFault, operation: method, message: String(kind.prefix(500)))
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
