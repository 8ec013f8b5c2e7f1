/// A failure of the event store that is not the database's own (those are `SQLiteError`s).
public struct EventStoreError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The string naming the code.
        public let rawValue: String
        /// The code's name.
        public var description: String { rawValue }

        /// The store was closed and used afterwards.
        public static let closed = Code(rawValue: "closed")
        /// The database file could not be prepared (directory, schema version).
        public static let unusable = Code(rawValue: "unusable")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, where, and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "event store \(code): \(message)" }
}
