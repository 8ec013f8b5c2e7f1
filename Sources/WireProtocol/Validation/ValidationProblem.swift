/// One thing wrong with a message, with where it is.
///
/// Validation reports every problem it finds, not just the first; each names the JSON path of the offending
/// value and says what was expected and what was found, e.g.
/// `$[3].data.lines[2].quantity.value: expected a decimal number, found string "ten"`.
public struct ValidationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var path: JSONPath
    /// What is wrong and, where it helps, what to do about it.
    public var message: String
    /// The byte offset in the input where the problem was found, for problems found while reading bytes.
    public var byteOffset: Int?

    /// Creates a problem.
    public init(path: JSONPath, message: String, byteOffset: Int? = nil) {
        self.path = path
        self.message = message
        self.byteOffset = byteOffset
    }

    /// `path: message`, with the byte offset when known.
    public var description: String {
        if let byteOffset {
            return "\(path): \(message) (at byte \(byteOffset))"
        }
        return "\(path): \(message)"
    }
}
