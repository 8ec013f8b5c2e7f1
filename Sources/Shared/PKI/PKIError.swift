/// An error generating or reading certificates.
public struct PKIError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// An identity part is empty, too long, or has characters outside `A–Z a–z 0–9 . _ -`.
        public static let invalidIdentity = Code("invalidIdentity")
        /// The `openssl` command failed or could not be started.
        public static let opensslFailed = Code("opensslFailed")
        /// A file or directory could not be created, read or given its permissions.
        public static let fileSystem = Code("fileSystem")
        /// The directory holds no certificate authority, or already holds one.
        public static let authority = Code("authority")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened, where, and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
