import Foundation

extension CloudEvent {
    /// Reads one event from UTF-8 JSON (structured mode).
    ///
    /// - Throws: ``WireProtocolError``: ``WireProtocolError/Code/tooLarge``, ``WireProtocolError/Code/invalidUTF8``,
    ///   ``WireProtocolError/Code/malformedJSON`` or ``WireProtocolError/Code/tooDeep`` for unreadable bytes (with
    ///   the byte offset), ``WireProtocolError/Code/invalidMessage`` listing every problem otherwise.
    public init(jsonBytes bytes: some Collection<UInt8>, options: CloudEventDecodingOptions = .init())
        throws(WireProtocolError)
    {
        let value = try JSONValue.parse(
            bytes, limits: JSONLimits(maxBytes: options.maxEventBytes, maxDepth: options.maxDepth))
        try self.init(json: value, options: options)
    }

    /// Reads one event from parsed JSON.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/invalidMessage`` listing every problem.
    public init(json value: JSONValue, at path: JSONPath = .root, options: CloudEventDecodingOptions = .init())
        throws(WireProtocolError)
    {
        var problems: [ValidationProblem] = []
        guard let event = CloudEvent.decode(value, at: path, options: options, problems: &problems), problems.isEmpty
        else { throw WireProtocolError(code: .invalidMessage, problems: problems) }
        self = event
    }

    /// Every problem with one event's bytes; empty when it is valid. Never throws.
    public static func problems(in bytes: some Collection<UInt8>, options: CloudEventDecodingOptions = .init())
        -> [ValidationProblem]
    {
        do {
            _ = try CloudEvent(jsonBytes: bytes, options: options)
            return []
        } catch {
            return error.problems
        }
    }

    /// Reads an event, appending every problem found to `problems`; returns the event only if there were none.
    static func decode(
        _ value: JSONValue, at path: JSONPath, options: CloudEventDecodingOptions, problems: inout [ValidationProblem]
    ) -> CloudEvent? {
        guard case .object(let object) = value else {
            problems.append(
                ValidationProblem(
                    path: path, message: "expected an event object, found \(value.kindDescription)"))
            return nil
        }
        var reader = AttributeReader(path: path)
        var specVersion: String?, id: String?, source: String?, type: EventType?, subject: String?
        var time: ZonedDateTime?, dataContentType: String?, dataSchema: String?
        var tenant: String?, site: String?, agent: String?, sequence: UInt64?
        var correlationID: String?, traceParent: TraceParent?, data: JSONValue?
        var extensions = JSONObject()
        for member in object {
            let key = member.key, value = member.value
            if value.isNull && CloudEvent.nullableAttributes.contains(key) { continue }
            switch key {
            case "specversion":
                specVersion = reader.string(key, value)
                if let version = specVersion, version != CloudEvent.specVersion {
                    reader.problem(key, "unsupported specversion \"\(version.prefix(20))\"; expected \"1.0\"")
                }
            case "id": id = reader.string(key, value, maxLength: 1024)
            case "source":
                source = reader.string(key, value)
                if let text = source, let problem = URIReference.problem(text) {
                    reader.problem(key, "source \(problem)")
                }
            case "type":
                if let text = reader.string(key, value) {
                    type = EventType(rawValue: text)
                    if let problem = type?.problem { reader.problem(key, "type \(problem)") }
                }
            case "subject": subject = reader.string(key, value, maxLength: 1024)
            case "time":
                if let text = reader.string(key, value) {
                    time = ZonedDateTime(text)
                    if time == nil {
                        reader.problem(
                            key, "expected \(ZonedDateTime.expectation), found string \"\(text.prefix(40))\"")
                    }
                }
            case "datacontenttype":
                dataContentType = reader.string(key, value)
                if let text = dataContentType, !CloudEvent.isJSONContentType(text) {
                    reader.problem(
                        key,
                        "datacontenttype \"\(text.prefix(60))\" is not supported; "
                            + "crossdock events carry application/json"
                    )
                }
            case "dataschema":
                dataSchema = reader.string(key, value)
                if let text = dataSchema, let problem = URIReference.problem(text, absolute: true) {
                    reader.problem(key, "dataschema \(problem)")
                }
            case "data": data = value
            case "data_base64":
                reader.problem(key, "binary data (data_base64) is not supported; send the payload as JSON in data")
            case "tenant", "site", "agent":
                let text = reader.string(key, value)
                if let text, let problem = AgentIdentity.identifierProblem(text, role: key) {
                    reader.problem(key, problem)
                }
                if key == "tenant" { tenant = text } else if key == "site" { site = text } else { agent = text }
            case "sequence": sequence = reader.sequence(key, value)
            case "correlationid": correlationID = reader.string(key, value, maxLength: 1024)
            case "traceparent":
                if let text = reader.string(key, value) {
                    traceParent = TraceParent(text)
                    if traceParent == nil {
                        reader.problem(
                            key,
                            "traceparent \"\(text.prefix(80))\" is not W3C format "
                                + "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>, lower case, ids not all zero"
                        )
                    }
                }
            default:
                reader.extensionAttribute(key, value)
                extensions.appendUnchecked(key: key, value: value)
            }
        }
        for (name, present) in [
            ("specversion", specVersion != nil), ("id", id != nil), ("source", source != nil), ("type", type != nil),
            ("time", time != nil), ("tenant", tenant != nil), ("site", site != nil), ("agent", agent != nil),
            ("sequence", sequence != nil),
        ] where !present && object[name] == nil {
            reader.problem(name, "missing required attribute \"\(name)\"")
        }
        if options.validatesData, let type, let payloadType = type.payloadType {
            if let data, !data.isNull {
                reader.problems += CloudEvent.payloadProblems(payloadType, data, at: path.appending("data"))
            } else {
                reader.problem("data", "missing data: \(type) events carry a \(payloadType) object")
            }
        }
        var identity: AgentIdentity?
        if let tenant, let site, let agent,
            [tenant, site, agent].allSatisfy({ AgentIdentity.identifierProblem($0, role: "") == nil })
        {
            identity = AgentIdentity(unchecked: tenant, site, agent)
            if let expected = options.expectedIdentity {
                reader.problems += identity!.mismatches(with: expected, at: path)
            }
        }
        problems += reader.problems
        guard reader.problems.isEmpty, let id, let source, let type, let time, let identity, let sequence else {
            return nil
        }
        return CloudEvent(
            id: id, source: source, type: type, subject: subject, time: time, identity: identity, sequence: sequence,
            correlationID: correlationID, traceParent: traceParent, dataContentType: dataContentType,
            dataSchema: dataSchema, extensions: extensions, data: data)
    }

    /// Every problem of `data` as a `P`: member presence and types, then the payload's own rules.
    static func payloadProblems<P: EventPayload>(_ type: P.Type, _ data: JSONValue, at path: JSONPath)
        -> [ValidationProblem]
    {
        var problems: [ValidationProblem] = []
        guard let payload = JSONValueDecoder().decode(P.self, from: data, at: path, problems: &problems),
            problems.isEmpty
        else { return problems }
        return payload.ruleViolations().map {
            ValidationProblem(path: path.appending(contentsOf: $0.path.components), message: $0.message)
        }
    }

    /// Optional attributes for which JSON `null` means absent.
    static let nullableAttributes: Set<String> = [
        "subject", "datacontenttype", "dataschema", "correlationid", "traceparent",
    ]

    /// Whether a `datacontenttype` denotes JSON: `application/json`, optionally with parameters.
    static func isJSONContentType(_ text: String) -> Bool {
        if text == jsonDataContentType { return true }
        let base = text.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return base.lowercased() == "application/json"
    }
}

/// Reads attribute values and records problems at `path.<attribute>`.
private struct AttributeReader {
    let path: JSONPath
    var problems: [ValidationProblem] = []

    mutating func problem(_ key: String, _ message: String) {
        problems.append(ValidationProblem(path: path.appending(key), message: message))
    }

    /// A non-empty string, or `nil` after recording why not.
    mutating func string(_ key: String, _ value: JSONValue, maxLength: Int? = nil) -> String? {
        guard case .string(let text) = value else {
            problem(key, "expected a string, found \(value.kindDescription)")
            return nil
        }
        if text.isEmpty {
            problem(key, "\(key) must not be empty")
            return nil
        }
        if let maxLength, text.utf8.count > maxLength {
            problem(key, "\(key) is \(text.utf8.count) bytes long, above the limit of \(maxLength)")
            return nil
        }
        return text
    }

    mutating func sequence(_ key: String, _ value: JSONValue) -> UInt64? {
        guard case .number(let number) = value else {
            problem(key, "expected an integer from 1 to \(CloudEvent.maxSequence), found \(value.kindDescription)")
            return nil
        }
        guard let sequence = number.uint64Value, (1...CloudEvent.maxSequence).contains(sequence) else {
            problem(key, "expected an integer from 1 to \(CloudEvent.maxSequence), found \(value.kindDescription)")
            return nil
        }
        return sequence
    }

    /// Checks an extension attribute: CloudEvents names are lower-case a–z and 0–9; values are scalars.
    mutating func extensionAttribute(_ key: String, _ value: JSONValue) {
        let validName = !key.isEmpty && key.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        if !validName {
            problem(
                key,
                "attribute name \"\(key.prefix(40))\" is not allowed: CloudEvents attribute names use only a-z and 0-9")
        }
        switch value {
        case .array, .object:
            problem(
                key, "extension attribute values must be a string, number or boolean, found \(value.kindDescription)")
        default:
            break
        }
    }
}
