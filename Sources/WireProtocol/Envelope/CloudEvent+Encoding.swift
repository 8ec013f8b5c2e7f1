extension CloudEvent {
    /// The event as UTF-8 JSON in structured mode; deterministic (see ``CloudEvent``), compact by default.
    public func encoded(pretty: Bool = false) -> [UInt8] {
        var serializer = JSONSerializer(pretty: pretty, capacity: 512)
        write(to: &serializer)
        return serializer.bytes
    }

    /// The event as compact UTF-8 JSON with `data` written from `encodedData`, its data's compact JSON, in place of
    /// ``data``.
    ///
    /// The same bytes as ``encoded(pretty:)`` of this event with ``data`` set to the value `encodedData` encodes, for
    /// producers that write their data's JSON straight to bytes without a ``JSONValue`` tree (EDI events). The
    /// attributes are written as ``encoded(pretty:)`` writes them, then `"data":` and `encodedData` as it is: it must
    /// be one compact JSON value, as ``JSONValue/encoded(pretty:)`` writes it; it is not checked.
    public func encoded(data encodedData: [UInt8]) -> [UInt8] {
        var writer = JSONBytesWriter(capacity: 512 + encodedData.count)
        writer.beginObject()
        writeAttributes(to: &writer)
        writer.key("data")
        encodedData.withUnsafeBufferPointer { writer.writeEncoded($0) }
        writer.endObject()
        return writer.bytes
    }

    /// The event as compact UTF-8 JSON with `data` written straight from `payload`, in place of ``data``.
    ///
    /// The same bytes as ``encoded(data:)`` of `JSONValueEncoder().encodedBytes(payload)`, in one buffer: a payload
    /// that builds its JSON directly (the EDI payloads) is written right after the attributes, without bytes of its
    /// own that are then copied; any other payload is encoded first, as ``JSONValueEncoder/encodedBytes(_:)`` does.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/unencodable`` when the payload cannot be
    ///   encoded, as ``JSONValueEncoder/encodedBytes(_:)``.
    public func encoded<P: Encodable>(payload: P) throws(WireProtocolError) -> [UInt8] {
        guard let direct = P.self as? any JSONDirectEncodable.Type else {
            return encoded(data: try JSONValueEncoder().encodedBytes(payload))
        }
        var writer = JSONBytesWriter()
        writer.beginObject()
        writeAttributes(to: &writer)
        writer.key("data")
        // Through the type, on the value in place: casting the value would copy it into an existential box.
        withUnsafePointer(to: payload) { direct.writeJSON(of: UnsafeRawPointer($0), to: &writer) }
        writer.endObject()
        return writer.bytes
    }

    /// Writes every member but `data` in encoding order, as ``forEachAttribute(includingData:_:)`` lists them, straight
    /// to bytes.
    private func writeAttributes(to writer: inout JSONBytesWriter) {
        writer.add("specversion", CloudEvent.specVersion)
        writer.add("id", id)
        writer.add("source", source)
        writer.add("type", type.rawValue)
        writer.add("subject", subject)
        writer.add("time", time)
        writer.add("datacontenttype", dataContentType)
        writer.add("dataschema", dataSchema)
        writer.add("tenant", identity.tenant)
        writer.add("site", identity.site)
        writer.add("agent", identity.agent)
        writer.add("sequence", DecimalNumber(sequence))
        writer.add("correlationid", correlationID)
        writer.add("traceparent", traceParent?.rawValue)
        for member in extensions where !CloudEvent.knownAttributes.contains(member.key) {
            writer.key(named: member.key)
            writer.write(member.value)
        }
    }

    /// The event as a JSON object, members in encoding order.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        forEachAttribute { key, value in object.appendUnchecked(key: key, value: value) }
        return .object(object)
    }

    /// Writes the event's members in encoding order.
    func write(to serializer: inout JSONSerializer) {
        serializer.openObject()
        var first = true
        forEachAttribute { key, value in
            serializer.writeKey(key, first: first)
            first = false
            serializer.write(value)
        }
        serializer.closeObject()
    }

    /// Calls `body` with each member in encoding order; `data` last, unless `includingData` is `false`.
    ///
    /// ``writeAttributes(to:)`` writes the same members in the same order (the envelope tests compare the two).
    private func forEachAttribute(includingData: Bool = true, _ body: (String, JSONValue) -> Void) {
        body("specversion", .string(CloudEvent.specVersion))
        body("id", .string(id))
        body("source", .string(source))
        body("type", .string(type.rawValue))
        if let subject { body("subject", .string(subject)) }
        body("time", .string(time.text))
        if let dataContentType { body("datacontenttype", .string(dataContentType)) }
        if let dataSchema { body("dataschema", .string(dataSchema)) }
        body("tenant", .string(identity.tenant))
        body("site", .string(identity.site))
        body("agent", .string(identity.agent))
        body("sequence", .number(DecimalNumber(sequence)))
        if let correlationID { body("correlationid", .string(correlationID)) }
        if let traceParent { body("traceparent", .string(traceParent.rawValue)) }
        for member in extensions where !CloudEvent.knownAttributes.contains(member.key) {
            body(member.key, member.value)
        }
        if includingData, let data { body("data", data) }
    }
}
