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
    /// The canonical payload as JSON (built from the payload each time it is read, unless it was set).
    public var data: JSONValue {
        get {
            switch content {
            case .value(let value): return value
            case .payload(let payload): return Self.tree(payload)
            }
        }
        set { content = .value(newValue) }
    }

    /// ``data`` as compact UTF-8 JSON, the same bytes as `data.encoded()`, written straight from the payload
    /// without building the ``JSONValue`` tree.
    public var encodedData: [UInt8] {
        switch content {
        case .value(let value): return value.encoded()
        case .payload(let payload): return Self.bytes(payload)
        }
    }

    /// What ``data`` is made from: the typed payload, kept until its JSON is asked for, or a JSON value.
    private enum Content: Sendable {
        case payload(any EventPayload)
        case value(JSONValue)
    }

    private var content: Content

    /// Creates an event from a typed payload.
    ///
    /// - Throws: ``WireProtocolError`` when the payload cannot be encoded as JSON.
    public init<P: EventPayload>(
        id: String, type: EventType, subject: String?, time: ZonedDateTime, correlationID: String?, payload: P
    ) throws {
        self.id = id
        self.type = type
        self.subject = subject
        self.time = time
        self.correlationID = correlationID
        let encoder = JSONValueEncoder()
        // A payload that builds its JSON directly cannot fail to encode: it is kept, and its JSON is written when
        // asked for (as bytes, or as a tree); any other payload is encoded now, so that failures surface here.
        content = encoder.encodesDirectly(payload) ? .payload(payload) : .value(try encoder.encode(payload))
    }

    private static func tree<P: EventPayload>(_ payload: P) -> JSONValue {
        (try? JSONValueEncoder().encode(payload)) ?? .null
    }

    private static func bytes<P: EventPayload>(_ payload: P) -> [UInt8] {
        (try? JSONValueEncoder().encodedBytes(payload)) ?? Array("null".utf8)
    }

    /// Compares every member, ``data`` by its JSON value.
    public static func == (a: EDIMappedEvent, b: EDIMappedEvent) -> Bool {
        a.id == b.id && a.type == b.type && a.subject == b.subject && a.time == b.time
            && a.correlationID == b.correlationID && a.data == b.data
    }

    /// Hashes every member, ``data`` by its JSON value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(type)
        hasher.combine(subject)
        hasher.combine(time)
        hasher.combine(correlationID)
        hasher.combine(data)
    }

    /// The CloudEvent an agent publishes.
    public func cloudEvent(source: String, identity: AgentIdentity, sequence: UInt64) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, data: data)
    }

    /// The CloudEvent an agent publishes, as compact UTF-8 JSON with its data written as ``encodedData`` writes it.
    ///
    /// The same bytes as `cloudEvent(source:identity:sequence:).encoded()`, without building the ``data`` tree: a
    /// typed payload is written straight after the attributes, in the same buffer.
    public func encodedCloudEvent(source: String, identity: AgentIdentity, sequence: UInt64) -> [UInt8] {
        let event = CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, data: nil)
        switch content {
        case .value(let value): return event.encoded(data: value.encoded())
        case .payload(let payload): return Self.encoded(event, payload)
        }
    }

    private static func encoded<P: EventPayload>(_ event: CloudEvent, _ payload: P) -> [UInt8] {
        (try? event.encoded(payload: payload)) ?? event.encoded(data: Array("null".utf8))
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
