import Foundation

extension JSONValue {
    /// Parses UTF-8 JSON bytes.
    ///
    /// - Parameters:
    ///   - bytes: The input. Input above `limits.maxBytes` fails at once, without being read.
    ///   - limits: Size and nesting bounds; ``JSONLimits/event`` by default.
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/tooLarge``,
    ///   ``WireProtocolError/Code/invalidUTF8``, ``WireProtocolError/Code/malformedJSON`` or
    ///   ``WireProtocolError/Code/tooDeep``, naming the byte offset and the JSON path being read.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .event) throws(WireProtocolError)
        -> JSONValue
    {
        try parse(bytes, limits: limits, recordTopLevelSpans: false).value
    }

    /// Parses a JSON string.
    public static func parse(_ text: String, limits: JSONLimits = .event) throws(WireProtocolError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }

    /// Parses bytes, optionally recording the byte range of each element of a top-level array.
    static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits, recordTopLevelSpans: Bool)
        throws(WireProtocolError) -> (value: JSONValue, spans: [Range<Int>])
    {
        guard bytes.count <= limits.maxBytes else {
            throw WireProtocolError(
                code: .tooLarge,
                message: "input is \(bytes.count) bytes, above the limit of \(limits.maxBytes) bytes; "
                    + "split it into smaller messages or raise the limit",
                byteOffset: limits.maxBytes)
        }
        let result: Result<(JSONValue, [Range<Int>]), JSONSyntaxError>
        if let direct = bytes.withContiguousStorageIfAvailable({ buffer in
            run(buffer, limits: limits, recordTopLevelSpans: recordTopLevelSpans)
        }) {
            result = direct
        } else {
            let copy = Array(bytes)
            result = copy.withUnsafeBufferPointer { buffer in
                run(buffer, limits: limits, recordTopLevelSpans: recordTopLevelSpans)
            }
        }
        switch result {
        case .success(let parsed): return parsed
        case .failure(let error): throw error.wireError()
        }
    }

    private static func run(_ buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits, recordTopLevelSpans: Bool)
        -> Result<(JSONValue, [Range<Int>]), JSONSyntaxError>
    {
        var parser = JSONParser(bytes: buffer, maxDepth: limits.maxDepth, recordTopLevelSpans: recordTopLevelSpans)
        do {
            let value = try parser.parseDocument()
            return .success((value, parser.topLevelSpans))
        } catch {
            return .failure(error)
        }
    }
}

extension JSONValue {
    /// Parses `Data` holding UTF-8 JSON.
    public static func parse(_ data: Data, limits: JSONLimits = .event) throws(WireProtocolError) -> JSONValue {
        guard data.count <= limits.maxBytes else {
            throw WireProtocolError(
                code: .tooLarge,
                message: "input is \(data.count) bytes, above the limit of \(limits.maxBytes) bytes; "
                    + "split it into smaller messages or raise the limit",
                byteOffset: limits.maxBytes)
        }
        return try parse(Array(data), limits: limits)
    }
}
