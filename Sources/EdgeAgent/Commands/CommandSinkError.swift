/// A command sink could not do what a command asked.
public struct CommandSinkError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate let name: String

        /// The command's payload is not what the sink needs (not a valid ``Order``): it is rejected for good.
        public static let invalidPayload = Code(name: "invalid payload")
        /// The sink could not write (folder missing or not writable, disk full, database unreachable): the command
        /// may be sent again.
        public static let writeFailed = Code(name: "write failed")

        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// The sink's name.
    public var sink: String
    /// What happened and what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, sink: String, message: String) {
        self.code = code
        self.sink = sink
        self.message = message
    }

    public var description: String { "command sink \(sink): \(code): \(message)" }
}
