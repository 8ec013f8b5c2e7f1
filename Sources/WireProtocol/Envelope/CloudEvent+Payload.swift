extension CloudEvent {
    /// Creates an event whose `data` is a typed payload.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/payloadTypeMismatch`` when `P` is
    ///   not the payload of `type` (for example an ``Order`` for ``EventType/shipmentConfirmed``).
    public init<P: EventPayload>(
        id: String,
        source: String,
        type: EventType,
        subject: String? = nil,
        time: ZonedDateTime,
        identity: AgentIdentity,
        sequence: UInt64,
        correlationID: String? = nil,
        traceParent: TraceParent? = nil,
        extensions: JSONObject = JSONObject(),
        payload: P
    ) throws(WireProtocolError) {
        guard P.eventTypes.contains(type) else {
            throw WireProtocolError(
                code: .payloadTypeMismatch, path: JSONPath.root.appending("data"),
                message:
                    "\(P.self) is the payload of "
                    + "\(P.eventTypes.map(\.rawValue).joined(separator: ", ")), not of \(type)"
            )
        }
        let data = try JSONValueEncoder().encode(payload)
        self.init(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, traceParent: traceParent, extensions: extensions, data: data)
    }

    /// Reads `data` as a typed payload.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/payloadTypeMismatch`` when the event's
    ///   type is not one of `P`'s, or ``WireProtocolError/Code/invalidMessage`` listing every problem in `data`.
    public func payload<P: EventPayload>(as payloadType: P.Type) throws(WireProtocolError) -> P {
        guard P.eventTypes.contains(type) else {
            let actual = type.payloadType.map { "carries \($0)" } ?? "is not a type this build knows"
            throw WireProtocolError(
                code: .payloadTypeMismatch, path: JSONPath.root.appending("type"),
                message:
                    "event type \(type) \(actual); \(P.self) is the payload of "
                    + P.eventTypes.map(\.rawValue).joined(separator: ", ")
            )
        }
        guard let data else {
            throw WireProtocolError(
                code: .invalidMessage, path: JSONPath.root.appending("data"), message: "event has no data")
        }
        let path = JSONPath.root.appending("data")
        let payload = try JSONValueDecoder().decode(P.self, from: data, at: path)
        let violations = payload.ruleViolations()
        guard violations.isEmpty else {
            throw WireProtocolError(
                code: .invalidMessage,
                problems: violations.map {
                    ValidationProblem(path: path.appending(contentsOf: $0.path.components), message: $0.message)
                })
        }
        return payload
    }
}
