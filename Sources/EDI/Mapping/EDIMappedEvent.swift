import WireProtocol

/// A canonical event translated from one transaction set, before the agent gives it its identity and sequence.
///
/// ``id`` is deterministic (sender, receiver, ISA13, GS06, ST02 and, when one set yields several events, their
/// index), so translating the same file twice gives the same ids.
public struct EDIMappedEvent: Sendable, Hashable {
    /// The CloudEvents `id`, from ``EventIDBuilder/ediTransaction(sender:receiver:interchangeControlNumber:groupControlNumber:transactionControlNumber:index:)``.
    public var id: String
    /// The event type, e.g. ``EventType/shipmentConfirmed``.
    public var type: EventType
    /// The business key (order, shipment, ASN number).
    public var subject: String?
    /// When it happened, from the document's own dates (never the translation time).
    public var time: ZonedDateTime
    /// The business key chain, usually the order or PO number.
    public var correlationID: String?
    /// The canonical payload as JSON.
    public var data: JSONValue

    /// Creates an event from a typed payload.
    public init<P: EventPayload>(
        id: String, type: EventType, subject: String?, time: ZonedDateTime, correlationID: String?, payload: P
    ) throws {
        self.id = id
        self.type = type
        self.subject = subject
        self.time = time
        self.correlationID = correlationID
        self.data = try JSONValueEncoder().encode(payload)
    }

    /// The CloudEvent an agent publishes.
    public func cloudEvent(source: String, identity: AgentIdentity, sequence: UInt64) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, data: data)
    }

    /// The event as one JSON object (`id`, `type`, `subject`, `time`, `correlationid`, `data`), keys in that order.
    public var json: JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        object["type"] = .string(type.rawValue)
        if let subject { object["subject"] = .string(subject) }
        object["time"] = .string(time.text)
        if let correlationID { object["correlationid"] = .string(correlationID) }
        object["data"] = data
        return .object(object)
    }
}
