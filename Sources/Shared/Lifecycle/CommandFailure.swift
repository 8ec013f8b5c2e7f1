/// A command that could not do its job, with a message that says what and where; the program prints it and
/// exits with status 1 (no usage text: the arguments were fine, the world was not).
public struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong and what to do.
    public let description: String

    /// Creates a failure with its message.
    public init(_ description: String) {
        self.description = description
    }
}
