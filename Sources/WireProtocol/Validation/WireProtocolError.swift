/// An error reading, writing or validating a wire-protocol message.
///
/// ``code`` says what kind of failure it is; ``problems`` lists every problem found, each with its JSON path.
/// The ``description`` is meant for operators: it says what happened, where, and what to do.
public struct WireProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default` case.
    public struct Code: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The code's name.
        public var description: String { rawValue }

        /// The input is larger than the configured limit.
        public static let tooLarge = Code(rawValue: "tooLarge")
        /// The input is not UTF-8.
        public static let invalidUTF8 = Code(rawValue: "invalidUTF8")
        /// The input is not well-formed JSON.
        public static let malformedJSON = Code(rawValue: "malformedJSON")
        /// The input nests arrays and objects deeper than the configured limit.
        public static let tooDeep = Code(rawValue: "tooDeep")
        /// The JSON is well-formed but the message does not follow the protocol; see ``WireProtocolError/problems``.
        public static let invalidMessage = Code(rawValue: "invalidMessage")
        /// A topic name or filter does not follow the topic scheme.
        public static let invalidTopic = Code(rawValue: "invalidTopic")
        /// A tenant, site, agent or group identifier is not allowed.
        public static let invalidIdentifier = Code(rawValue: "invalidIdentifier")
        /// A typed payload was asked for an event of a different type.
        public static let payloadTypeMismatch = Code(rawValue: "payloadTypeMismatch")
        /// A value could not be written as JSON (for example a non-finite number).
        public static let unencodable = Code(rawValue: "unencodable")
    }

    /// The kind of failure.
    public var code: Code
    /// Every problem found; at least one.
    public var problems: [ValidationProblem]

    /// Creates an error from its problems.
    public init(code: Code, problems: [ValidationProblem]) {
        self.code = code
        self.problems = problems
    }

    /// Creates an error with one problem.
    public init(code: Code, path: JSONPath = .root, message: String, byteOffset: Int? = nil) {
        self.init(code: code, problems: [ValidationProblem(path: path, message: message, byteOffset: byteOffset)])
    }

    /// The byte offset of the first problem, when the failure was found while reading bytes.
    public var byteOffset: Int? { problems.first?.byteOffset }

    /// A summary naming the code and every problem, one per line after the first.
    public var description: String {
        switch problems.count {
        case 0: return "\(code)"
        case 1: return "\(code): \(problems[0])"
        default:
            return "\(code): \(problems.count) problems:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}
