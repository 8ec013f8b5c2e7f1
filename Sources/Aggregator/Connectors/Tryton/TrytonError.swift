/// A failed call to Tryton, with what went wrong, on which call, and whether trying again can help.
///
/// ``Code/userError`` is Tryton refusing the data (a business rule, a done move); everything else is about the
/// connection, the server or the credentials. ``isTransient`` is what a connector uses to choose between retry and
/// dead letter.
public struct TrytonError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The server could not be reached, or the request timed out.
        public static let connection = Code("connection")
        /// The server answered with an HTTP status other than 200 (and not 401 after a fresh login).
        public static let httpStatus = Code("http-status")
        /// The login was refused: wrong user, password or database.
        public static let authentication = Code("authentication")
        /// Tryton refused the call with a `UserError` or `UserWarning`: the data breaks one of its rules.
        public static let userError = Code("user-error")
        /// Tryton failed with an unexpected exception (a server fault, a locked database, a concurrent update).
        public static let serverFault = Code("server-fault")
        /// The answer was not the JSON-RPC the connector expects.
        public static let invalidResponse = Code("invalid-response")
        /// Tryton's data does not allow the operation (no such sale, no waiting shipment, an unknown product).
        public static let dataMismatch = Code("data-mismatch")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// The JSON-RPC method or the operation that failed (`model.stock.shipment.out.write`).
    public var operation: String
    /// What happened, in Tryton's words where it gave any.
    public var message: String
    /// The HTTP status, when the failure is one.
    public var status: Int?

    /// Creates an error.
    public init(_ code: Code, operation: String, message: String, status: Int? = nil) {
        self.code = code
        self.operation = operation
        self.message = message
        self.status = status
    }

    /// Whether the same call may succeed later (connection, 5xx, 429, server faults, a refused login that an
    /// operator can fix without touching the job); `false` for refused data.
    public var isTransient: Bool {
        switch code {
        case .connection, .serverFault, .authentication: return true
        case .httpStatus: return (status ?? 500) >= 500 || status == 429 || status == 408
        default: return false
        }
    }

    /// One line: the code, the operation, the message and, for the kinds an operator must act on, what to do.
    public var description: String {
        let hint: String
        switch code {
        case .authentication: hint = "; check erp.user, erp.password and erp.database"
        case .connection: hint = "; check erp.url and that trytond is running"
        case .httpStatus where status == 404: hint = "; check erp.database (the URL path is the database name)"
        default: hint = ""
        }
        return "Tryton \(code) on \(operation): \(message)\(hint)"
    }
}
