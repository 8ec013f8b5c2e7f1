import FoundationEssentials

/// A WMS database could not be reached or refused a statement.
///
/// Messages name the database (`postgresql://wms@db1:5432/wms`, never the password) and say what to do. A
/// password that the database or libpq echoes back is replaced by `********` before it reaches a message.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String

        /// The connection could not be opened (server down, wrong host or port, authentication failed).
        public static let connectionFailed = Code(name: "connection failed")
        /// The connection broke while a statement ran; the next call reconnects.
        public static let connectionLost = Code(name: "connection lost")
        /// The database refused the statement (syntax, missing table or column, permissions, constraint).
        public static let statementFailed = Code(name: "statement failed")
        /// The result is not what the source or sink needs (a missing column, an unreadable timestamp).
        public static let unexpectedResult = Code(name: "unexpected result")

        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// Which database, without credentials.
    public var database: String
    /// What happened and what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, database: String, message: String) {
        self.code = code
        self.database = database
        self.message = message
    }

    /// Whether the failure is about the connection (retry later) rather than the statement.
    public var isConnectionProblem: Bool { code == .connectionFailed || code == .connectionLost }

    public var description: String { "\(database): \(code): \(message)" }

    /// `text` with every occurrence of `secret` replaced by `********` (secrets shorter than 3 bytes are left:
    /// replacing them would garble the message and a 1–2 byte password is guessed anyway).
    static func redacting(_ secret: String?, in text: String) -> String {
        guard let secret, secret.utf8.count >= 3 else { return text }
        return text.replacingOccurrences(of: secret, with: "********")
    }
}
