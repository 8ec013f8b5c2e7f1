/// Collects the members of one object into a ``JSONValue`` tree, in order; `nil` optionals are left out, as
/// synthesised `Encodable` does.
struct JSONMembers: JSONObjectWriter {
    /// Keys become the tree's member names.
    typealias Key = String

    private var members: [JSONObject.Member] = []
    /// The room reserved: in debug builds, more members than this means a type's
    /// ``JSONDirectEncodable/jsonMemberCount`` is too low.
    private let capacity: Int

    /// Collects into room for `capacity` members.
    init(capacity: Int) {
        self.capacity = capacity
        members.reserveCapacity(capacity)
    }

    /// The object of the members added.
    var value: JSONValue {
        assert(members.count <= capacity, "more members than the jsonMemberCount of \(capacity)")
        return .object(JSONObject(uniqueMembers: members))
    }

    /// Adds a member with a value already built.
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
        add(key, .array(values.map { $0.directJSON }))
    }
    mutating func add<T: JSONDirectEncodable>(_ key: String, _ values: [T]?) { if let values { add(key, values) } }
}
