import Shared

/// An outbox operation that failed: what happened, on which file, and what to do.
public struct OutboxError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The outbox file could not be opened or migrated.
        public static let cannotOpen = Code("cannotOpen")
        /// SQLite failed while writing or reading.
        public static let storage = Code("storage")
        /// An event or a cursor could not be encoded or read back.
        public static let encoding = Code("encoding")
        /// The outbox was closed.
        public static let closed = Code("closed")
        /// The sequence counter reached its limit.
        public static let sequenceExhausted = Code("sequenceExhausted")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// The outbox file.
    public let path: String
    /// What happened and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// Wraps an SQLite error, whose text already says what to do.
    init(_ code: Code, _ error: SQLiteError) {
        self.init(code, path: error.path, error.description)
    }

    public var description: String { "outbox \(path): \(message)" }
}
