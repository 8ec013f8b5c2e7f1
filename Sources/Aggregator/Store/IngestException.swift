import WireProtocol

/// Input that failed validation, kept whole for an operator: one invalid event, or a whole unreadable message.
public struct IngestException: Sendable {
    /// Why it is an exception.
    public var reason: ExceptionReason
    /// Every problem found, with JSON paths from the batch root (`$[3].data.lines[2]…`).
    public var problems: [ValidationProblem]
    /// The event's `sequence` when readable: it is then acknowledged as an exception so the agent stops resending
    /// it. `nil` for unreadable messages, which cannot be acknowledged per sequence.
    public var sequence: UInt64?
    /// The `source` attribute, when it is a string.
    public var source: String?
    /// The `id` attribute, when it is a string.
    public var eventID: String?
    /// The `type` attribute, when it is a string.
    public var type: String?
    /// The input as received, capped at the decoder's limit.
    public var raw: [UInt8]
    /// The size of the input before capping.
    public var rawSize: Int
    /// Identifies a repeat of the same exception (a redelivery), so it is stored once and counted.
    public var dedupKey: String

    /// Creates an exception.
    public init(
        reason: ExceptionReason, problems: [ValidationProblem], sequence: UInt64?, source: String?, eventID: String?,
        type: String?, raw: [UInt8], rawSize: Int, dedupKey: String
    ) {
        self.reason = reason
        self.problems = problems
        self.sequence = sequence
        self.source = source
        self.eventID = eventID
        self.type = type
        self.raw = raw
        self.rawSize = rawSize
        self.dedupKey = dedupKey
    }

    /// Whether ``raw`` was cut short.
    public var isTruncated: Bool { raw.count < rawSize }

    /// The problems as a JSON array of `{"path", "message", "byteOffset"}` objects, as stored.
    public var problemsJSON: String {
        JSONValue.array(
            problems.map { problem in
                var object = JSONObject()
                object["path"] = .string(problem.path.description)
                object["message"] = .string(problem.message)
                if let offset = problem.byteOffset { object["byteOffset"] = .number(DecimalNumber(offset)) }
                return .object(object)
            }
        ).encodedString()
    }
}
