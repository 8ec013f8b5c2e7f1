/// Why the `file` or `folder` source could not do something: what happened, where, and what to do.
public struct FileSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// A committed cursor could not be read.
        public static let badCursor = Code(rawValue: "badCursor")
        /// A file could not be opened or read.
        public static let unreadable = Code(rawValue: "unreadable")
        /// A folder could not be listed, or a file could not be moved or written.
        public static let fileSystem = Code(rawValue: "fileSystem")
    }

    /// The kind of failure.
    public var code: Code
    /// What happened and where.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
