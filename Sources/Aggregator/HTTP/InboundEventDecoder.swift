import WireProtocol

/// Reads the body of `POST /v1/events` for one API key: the same envelope and `data` checks as MQTT ingest, the
/// key's tenant, its origin as the events' identity, unknown types and the system-of-record rules.
///
/// Before validation each event is completed for the key: `agent` becomes the key's origin (the system it speaks
/// for), a missing `tenant` becomes a tenant key's tenant, a missing `site` becomes `central`, and a missing
/// `sequence` a placeholder (``EventStore/appendCentral(_:)`` numbers every event per origin anyway).
struct InboundEventDecoder: Sendable {
    /// One event of the body, read.
    enum Item: Sendable {
        /// Valid and allowed: to be appended.
        case valid(CloudEvent)
        /// Refused: kept as an exception.
        case rejected(InboundRejection)
    }

    /// An event that failed, with everything an exception keeps.
    struct InboundRejection: Sendable {
        var reason: ExceptionReason
        var problems: [ValidationProblem]
        var identity: AgentIdentity?
        var source: String?
        var id: String?
        var type: String?
        var raw: [UInt8]
    }

    /// The site of events that name none.
    static let defaultSite = "central"

    var options: CloudEventDecodingOptions
    var unknownEventTypes: UnknownEventTypePolicy
    var rules: SystemOfRecordRules

    /// Reads a parsed body: one event (`single`) or a batch.
    ///
    /// - Throws: ``APIError`` 400 when the body is not an event / an array of events, 403 when an event names a
    ///   tenant the key may not write to (then nothing of the request is kept).
    func decode(_ body: JSONValue, single: Bool, key: APIKey, origin: SystemOfRecordOrigin) throws(APIError)
        -> [Item]
    {
        let elements: [JSONValue]
        if single {
            guard case .object = body else {
                throw APIError.invalid(
                    "expected one event object (application/cloudevents+json), found \(body.kindDescription); send "
                        + "several as a JSON array with Content-Type application/cloudevents-batch+json")
            }
            elements = [body]
        } else {
            guard case .array(let items) = body else {
                throw APIError.invalid(
                    "expected a batch: a JSON array of events (application/cloudevents-batch+json), found "
                        + body.kindDescription)
            }
            guard !items.isEmpty else { throw APIError.invalid("the batch is empty: send at least one event") }
            elements = items
        }
        for (index, element) in elements.enumerated() {
            if let tenant = element["tenant"]?.stringValue, !key.scope.allows(tenant) {
                throw APIError.forbidden(
                    "event \(single ? "" : "\(index) ")names tenant \"\(tenant.prefix(64))\" but the key "
                        + "\(key.name) is for \(key.scope); nothing of this request was stored")
            }
        }
        return elements.enumerated().map { index, element in
            decode(element, at: single ? .root : JSONPath.root.appending(index), key: key, origin: origin)
        }
    }

    private func decode(_ element: JSONValue, at path: JSONPath, key: APIKey, origin: SystemOfRecordOrigin) -> Item {
        var completed = element
        if case .object(var object) = element {
            object["agent"] = .string(origin.rawValue)
            if object["tenant"] == nil, case .tenant(let tenant) = key.scope { object["tenant"] = .string(tenant) }
            if object["site"] == nil { object["site"] = .string(Self.defaultSite) }
            if object["sequence"] == nil { object["sequence"] = .number(DecimalNumber(Int64(1))) }
            completed = .object(object)
        }
        let identity = Self.identity(of: completed)
        func rejection(_ reason: ExceptionReason, _ problems: [ValidationProblem]) -> Item {
            .rejected(
                InboundRejection(
                    reason: reason, problems: problems, identity: identity, source: element["source"]?.stringValue,
                    id: element["id"]?.stringValue, type: element["type"]?.stringValue, raw: element.encoded()))
        }
        let event: CloudEvent
        do {
            event = try CloudEvent(json: completed, at: path, options: options)
        } catch {
            return rejection(.invalidEvent, error.problems)
        }
        if unknownEventTypes == .exception, event.type.rawValue.hasPrefix(EventType.crossdockPrefix),
            !event.type.isKnown
        {
            return rejection(
                .unknownEventType,
                [
                    ValidationProblem(
                        path: path.appending("type"),
                        message: "unknown crossdock event type \(event.type); this aggregator knows "
                            + "\(EventType.known.count) com.crossdock types (see docs/wire-protocol.md)")
                ])
        }
        if let message = rules.violation(type: event.type, origin: origin, publisher: "API key \(key.name)") {
            return rejection(.systemOfRecord, [ValidationProblem(path: path.appending("type"), message: message)])
        }
        return .valid(event)
    }

    /// The identity an event names, when its parts are valid identifiers.
    static func identity(of element: JSONValue) -> AgentIdentity? {
        guard let tenant = element["tenant"]?.stringValue, let site = element["site"]?.stringValue,
            let agent = element["agent"]?.stringValue
        else { return nil }
        return try? AgentIdentity(tenant: tenant, site: site, agent: agent)
    }
}
