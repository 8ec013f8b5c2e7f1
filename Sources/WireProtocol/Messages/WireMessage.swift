/// Reading and writing the small JSON control messages (acks, status) the same way events are read and written.
enum WireMessage {
    /// The size limit of a control message: 1 MiB.
    static let limits = JSONLimits(maxBytes: 1 << 20, maxDepth: 16)

    /// Parses and decodes a message, collecting every problem, including those `check` adds.
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: some Collection<UInt8>, check: (T, inout [ValidationProblem]) -> Void
    ) throws(WireProtocolError) -> T {
        let value = try JSONValue.parse(bytes, limits: limits)
        var problems: [ValidationProblem] = []
        let decoded = JSONValueDecoder().decode(type, from: value, at: .root, problems: &problems)
        if let decoded, problems.isEmpty { check(decoded, &problems) }
        guard let decoded, problems.isEmpty else { throw WireProtocolError(code: .invalidMessage, problems: problems) }
        return decoded
    }

    /// Checks a message's `version` member.
    static func checkVersion(_ version: Int, current: Int, kind: String, problems: inout [ValidationProblem]) {
        if version < 1 || version > current {
            problems.append(
                ValidationProblem(
                    path: JSONPath.root.appending("version"),
                    message:
                        "\(kind) version \(version) is not supported; this build understands versions 1 to \(current)"))
        }
    }

    /// Encodes a message deterministically.
    static func encode(_ value: some Encodable, pretty: Bool) -> [UInt8] {
        // Messages hold only strings, integers and timestamps, which always encode.
        let json = (try? JSONValueEncoder().encode(value)) ?? .null
        return json.encoded(pretty: pretty)
    }
}
