import WireProtocol

/// The attributes of a command the processor needs to answer it, also when its `data` did not validate.
struct CommandReference: Sendable, Hashable {
    var source: String
    var id: String
    var type: String
    var subject: String?
    var correlationID: String?
    var traceParent: TraceParent?

    /// The idempotency key, `source` + `id`.
    var key: String { "\(source) \(id)" }

    init(
        source: String, id: String, type: String, subject: String?, correlationID: String?, traceParent: TraceParent?
    ) {
        self.source = source
        self.id = id
        self.type = type
        self.subject = subject
        self.correlationID = correlationID
        self.traceParent = traceParent
    }

    init(_ command: CloudEvent) {
        self.init(
            source: command.source, id: command.id, type: command.type.rawValue, subject: command.subject,
            correlationID: command.correlationID, traceParent: command.traceParent)
    }
}
