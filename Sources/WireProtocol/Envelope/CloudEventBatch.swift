/// A batch of events in the CloudEvents JSON batch format: a JSON array of structured events.
///
/// This is what agents publish on `…/events` with content type ``contentType``. Use ``init(jsonBytes:options:)``
/// when a batch must be valid as a whole, and ``decodeEach(_:options:)`` on ingest, where valid events are stored
/// and invalid ones are stored as exceptions.
public struct CloudEventBatch: Sendable, Hashable {
    /// `application/cloudevents-batch+json`.
    public static let contentType = "application/cloudevents-batch+json"

    /// The events, in order.
    public var events: [CloudEvent]

    /// Creates a batch.
    public init(_ events: [CloudEvent]) {
        self.events = events
    }

    /// The batch as UTF-8 JSON; deterministic, compact by default.
    public func encoded(pretty: Bool = false) -> [UInt8] {
        var serializer = JSONSerializer(pretty: pretty, capacity: 64 + events.count * 700)
        guard !events.isEmpty else { return Array("[]".utf8) }
        serializer.openArray()
        for (position, event) in events.enumerated() {
            serializer.startElement(first: position == 0)
            event.write(to: &serializer)
        }
        serializer.closeArray()
        return serializer.bytes
    }

    /// Reads a batch in which every event must be valid.
    ///
    /// - Throws: ``WireProtocolError`` for unreadable bytes (with the byte offset), or with code
    ///   ``WireProtocolError/Code/invalidMessage`` listing every problem of every event (`$[3].data.lines[2]…`).
    public init(jsonBytes bytes: some Collection<UInt8>, options: CloudEventDecodingOptions = .init())
        throws(WireProtocolError)
    {
        let result = try CloudEventBatch.decodeEach(bytes, options: options)
        guard result.rejected.isEmpty else { throw WireProtocolError(code: .invalidMessage, problems: result.problems) }
        events = result.events
    }

    /// Reads a batch event by event: valid events are returned, invalid ones are returned with their problems.
    ///
    /// - Throws: ``WireProtocolError`` only when the batch as a whole is unusable: too large, not UTF-8, not
    ///   JSON, too deep, or not an array.
    public static func decodeEach(_ bytes: some Collection<UInt8>, options: CloudEventDecodingOptions = .init())
        throws(WireProtocolError) -> BatchDecodingResult
    {
        let limits = JSONLimits(maxBytes: options.maxBatchBytes, maxDepth: options.maxDepth)
        let (value, spans) = try JSONValue.parse(bytes, limits: limits, recordTopLevelSpans: true)
        guard case .array(let elements) = value else {
            throw WireProtocolError(
                code: .invalidMessage,
                message: "expected a batch: a JSON array of events (\(contentType)), found \(value.kindDescription)")
        }
        var result = BatchDecodingResult()
        result.elementSpans = spans
        result.events.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let path = JSONPath.root.appending(index)
            var problems: [ValidationProblem] = []
            if index < spans.count, spans[index].count > options.maxEventBytes {
                problems.append(
                    ValidationProblem(
                        path: path,
                        message:
                            "event is \(spans[index].count) bytes, above the limit of \(options.maxEventBytes) bytes",
                        byteOffset: spans[index].lowerBound))
            }
            let event = CloudEvent.decode(element, at: path, options: options, problems: &problems)
            if let event, problems.isEmpty {
                result.events.append(event)
            } else {
                result.rejected.append(RejectedEvent(index: index, raw: element, problems: problems))
            }
        }
        return result
    }

    /// Every problem with a batch's bytes, for all events; empty when the batch is valid. Never throws.
    public static func problems(in bytes: some Collection<UInt8>, options: CloudEventDecodingOptions = .init())
        -> [ValidationProblem]
    {
        do {
            return try decodeEach(bytes, options: options).problems
        } catch {
            return error.problems
        }
    }
}

/// The outcome of reading a batch event by event.
public struct BatchDecodingResult: Sendable, Hashable {
    /// The valid events, in batch order.
    public var events: [CloudEvent] = []
    /// The invalid events, in batch order.
    public var rejected: [RejectedEvent] = []
    /// Where each element of the batch (valid or not) starts and ends in the bytes read, without the whitespace
    /// around it: an event can be kept exactly as it arrived.
    public var elementSpans: [Range<Int>] = []

    /// Every problem of every rejected event.
    public var problems: [ValidationProblem] { rejected.flatMap(\.problems) }
}

/// An event of a batch that failed validation, kept whole so it can be stored as an exception.
public struct RejectedEvent: Sendable, Hashable {
    /// Its position in the batch.
    public var index: Int
    /// The event as received.
    public var raw: JSONValue
    /// Every problem found, with paths from the batch root (`$[index]…`).
    public var problems: [ValidationProblem]

    /// Creates a rejected event.
    public init(index: Int, raw: JSONValue, problems: [ValidationProblem]) {
        self.index = index
        self.raw = raw
        self.problems = problems
    }

    /// The `sequence` attribute, if it is readable, so the aggregator can still acknowledge the event.
    public var sequence: UInt64? {
        guard let number = raw["sequence"]?.numberValue, let value = number.uint64Value,
            (1...CloudEvent.maxSequence).contains(value)
        else { return nil }
        return value
    }

    /// The `source` attribute, if it is a string.
    public var source: String? { raw["source"]?.stringValue }
    /// The `id` attribute, if it is a string.
    public var id: String? { raw["id"]?.stringValue }
    /// The `type` attribute, if it is a string.
    public var type: String? { raw["type"]?.stringValue }
}
