/// A model type that builds its JSON directly, without going through `Encodable`.
///
/// ``JSONValueEncoder`` uses this for the payloads on the hot paths (EDI translation, publishing) and for the
/// types they nest. The result must equal, member for member and in the same order, what the type's `Encodable`
/// conformance produces through the encoder (declaration order, `nil` optionals omitted); a test compares both
/// for every documented example and every EDI golden output.
protocol JSONDirectEncodable {
    /// The value's JSON, exactly as its `Encodable` conformance would produce it.
    var directJSON: JSONValue { get }

    /// Writes the value's JSON as compact bytes, the same bytes as `directJSON.encoded()`.
    func writeJSON(to writer: inout JSONBytesWriter)
}

extension JSONDirectEncodable {
    /// Serialises ``directJSON``; the payloads on the hot paths write their members directly instead.
    func writeJSON(to writer: inout JSONBytesWriter) {
        writer.write(directJSON)
    }

    /// ``writeJSON(to:)`` of the value of this type at `value`.
    static func writeJSON(of value: UnsafeRawPointer, to writer: inout JSONBytesWriter) {
        value.assumingMemoryBound(to: Self.self).pointee.writeJSON(to: &writer)
    }
}

/// Collects the members of one object, in order; `nil` optionals are left out, as synthesised `Encodable` does.
struct JSONMembers {
    private var members: [JSONObject.Member] = []

    init(capacity: Int) {
        members.reserveCapacity(capacity)
    }

    var value: JSONValue { .object(JSONObject(uniqueMembers: members)) }

    mutating func add(_ key: String, _ value: JSONValue) {
        members.append(JSONObject.Member(key: key, value: value))
    }

    mutating func add(_ key: String, _ value: String) { add(key, .string(value)) }
    mutating func add(_ key: String, _ value: String?) { if let value { add(key, .string(value)) } }
    mutating func add(_ key: String, _ value: DecimalNumber) { add(key, .number(value)) }
    mutating func add(_ key: String, _ value: DecimalNumber?) { if let value { add(key, .number(value)) } }
    mutating func add(_ key: String, _ value: Int?) { if let value { add(key, .number(DecimalNumber(value))) } }
    mutating func add(_ key: String, _ value: LocalDate) { add(key, value.leafValue) }
    mutating func add(_ key: String, _ value: LocalDate?) { if let value { add(key, value.leafValue) } }
    mutating func add(_ key: String, _ value: ZonedDateTime) { add(key, value.leafValue) }
    mutating func add(_ key: String, _ value: ZonedDateTime?) { if let value { add(key, value.leafValue) } }
    mutating func add(_ key: String, _ value: SSCC?) { if let value { add(key, value.leafValue) } }
    mutating func add(_ key: String, _ value: CurrencyCode?) { if let value { add(key, value.leafValue) } }
    mutating func add<Code: OpenCode>(_ key: String, code value: Code) { add(key, .string(value.rawValue)) }
    mutating func add(_ key: String, _ values: [String]) { add(key, .array(values.map { .string($0) })) }
    mutating func add(_ key: String, _ values: [String]?) { if let values { add(key, values) } }
    mutating func add<T: JSONDirectEncodable>(_ key: String, _ value: T) { add(key, value.directJSON) }
    mutating func add<T: JSONDirectEncodable>(_ key: String, _ value: T?) {
        if let value { add(key, value.directJSON) }
    }
    mutating func add<T: JSONDirectEncodable>(_ key: String, _ values: [T]) {
        add(key, .array(values.map(\.directJSON)))
    }
    mutating func add<T: JSONDirectEncodable>(_ key: String, _ values: [T]?) { if let values { add(key, values) } }
}
