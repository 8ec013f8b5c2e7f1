extension CloudEvent: Codable {
    /// Reads an event from any decoder, validating it as ``init(json:at:options:)`` does.
    ///
    /// Prefer ``init(jsonBytes:options:)`` for bytes: Foundation's `JSONDecoder` does not keep numbers' textual
    /// form inside `data`.
    /// - Throws: ``WireProtocolError`` listing every problem, or the decoder's own errors.
    public init(from decoder: any Decoder) throws {
        guard let valueDecoder = decoder as? ValueDecoder else {
            try self.init(json: JSONValue(from: decoder))
            return
        }
        // Inside JSONValueDecoder: report the event's problems at their full paths, alongside the others.
        let context = valueDecoder.reader.context
        var problems: [ValidationProblem] = []
        let path = context.base.appending(contentsOf: valueDecoder.path)
        if let value = valueDecoder.value,
            let event = CloudEvent.decode(value, at: path, options: CloudEventDecodingOptions(), problems: &problems),
            problems.isEmpty
        {
            self = event
            return
        }
        context.record(problems)
        throw RecordedProblems()
    }

    /// Writes the event's members in encoding order.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
