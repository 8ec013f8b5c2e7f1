/// Receives the members of one JSON object, in order: the one member list of each ``JSONDirectEncodable`` type
/// feeds both the ``JSONValue`` tree (``JSONMembers``) and the compact bytes (``JSONBytesWriter``).
///
/// Every `add` leaves out a `nil` optional, as synthesised `Encodable` does. Member lists are generic over the
/// writer (`writeMembers<W: JSONObjectWriter>`), so each writer gets its own specialised copy: no existential
/// boxes and no dynamic dispatch on the hot paths. Keys are string literals that need no escaping; each writer
/// takes them in its own form (`String` for the tree, `StaticString` for the bytes).
protocol JSONObjectWriter: ~Copyable {
    /// How this writer takes a member's key; a string literal at every call site.
    associatedtype Key: ExpressibleByStringLiteral

    /// Adds a string member.
    mutating func add(_ key: Key, _ value: String)
    /// Adds a string member, unless `nil`.
    mutating func add(_ key: Key, _ value: String?)
    /// Adds a number member, written in its text.
    mutating func add(_ key: Key, _ value: DecimalNumber)
    /// Adds a number member, unless `nil`.
    mutating func add(_ key: Key, _ value: DecimalNumber?)
    /// Adds an integer member, unless `nil`.
    mutating func add(_ key: Key, _ value: Int?)
    /// Adds a date member (`yyyy-MM-dd`).
    mutating func add(_ key: Key, _ value: LocalDate)
    /// Adds a date member, unless `nil`.
    mutating func add(_ key: Key, _ value: LocalDate?)
    /// Adds a timestamp member (RFC 3339).
    mutating func add(_ key: Key, _ value: ZonedDateTime)
    /// Adds a timestamp member, unless `nil`.
    mutating func add(_ key: Key, _ value: ZonedDateTime?)
    /// Adds an SSCC member, unless `nil`.
    mutating func add(_ key: Key, _ value: SSCC?)
    /// Adds a currency code member, unless `nil`.
    mutating func add(_ key: Key, _ value: CurrencyCode?)
    /// Adds a code member as its raw value.
    mutating func add<Code: OpenCode>(_ key: Key, code value: Code)
    /// Adds an array of strings.
    mutating func add(_ key: Key, _ values: [String])
    /// Adds an array of strings, unless `nil`.
    mutating func add(_ key: Key, _ values: [String]?)
    /// Adds a nested object.
    mutating func add<T: JSONDirectEncodable>(_ key: Key, _ value: T)
    /// Adds a nested object, unless `nil`.
    mutating func add<T: JSONDirectEncodable>(_ key: Key, _ value: T?)
    /// Adds an array of nested objects.
    mutating func add<T: JSONDirectEncodable>(_ key: Key, _ values: [T])
    /// Adds an array of nested objects, unless `nil`.
    mutating func add<T: JSONDirectEncodable>(_ key: Key, _ values: [T]?)
}

extension JSONBytesWriter: JSONObjectWriter {
    /// Keys are written as they are, from the literal's bytes.
    typealias Key = StaticString
}
