/// A model type that reads valid JSON directly, without going through `Decodable`.
///
/// ``JSONValueDecoder`` tries this first for the payloads on the hot path (validating events as they arrive).
/// It returns `nil` on anything unexpected, and the decoder then decodes through `Decodable`, which finds and
/// reports every problem. So this only ever has to be right about valid input: whatever it accepts, the
/// `Decodable` path accepts too, with an equal value; tests check both for every example, every EDI golden
/// output and mutations of them.
protocol JSONDirectDecodable {
    /// Reads `json`, or returns `nil` if it is not a valid value of this type.
    init?(directJSON json: JSONValue)
}

/// Reads the members of one object the way the synthesised `Decodable` conformances do: unknown members are
/// ignored, an optional member may be absent or `null`, a required one must be present with the right kind.
/// Any problem clears ``valid``.
struct JSONMemberReader {
    private let members: [JSONObject.Member]
    private var next = 0
    /// Whether everything read so far was valid.
    private(set) var valid = true

    init?(_ json: JSONValue) {
        guard case .object(let object) = json else { return nil }
        members = object.members
    }

    /// The member named `key`; the search starts after the last member found, as members are usually read in
    /// their written order.
    private mutating func member(_ key: String) -> JSONValue? {
        let count = members.count
        guard count > 0 else { return nil }
        let length = key.utf8.count
        var position = next < count ? next : 0
        for _ in 0..<count {
            let candidate = position
            position += 1
            if members[candidate].key.utf8.count == length && members[candidate].key == key {
                next = position
                return members[candidate].value
            }
            if position == count { position = 0 }
        }
        return nil
    }

    /// A present, non-null member; `nil` (and invalid) when absent, `nil` (still valid) when absent or `null`
    /// and `optional`.
    private mutating func value(_ key: String, optional: Bool) -> JSONValue? {
        guard let value = member(key) else {
            if !optional { valid = false }
            return nil
        }
        if optional, case .null = value { return nil }
        return value
    }

    /// `read`'s result, or `nil` with the reader marked invalid.
    private mutating func check<T>(_ result: T?) -> T? {
        if result == nil { valid = false }
        return result
    }

    mutating func string(_ key: String, optional: Bool = false) -> String? {
        guard let value = value(key, optional: optional) else { return nil }
        if case .string(let text) = value { return text }
        valid = false
        return nil
    }

    mutating func decimal(_ key: String, optional: Bool = false) -> DecimalNumber? {
        guard let value = value(key, optional: optional) else { return nil }
        if case .number(let number) = value { return number }
        valid = false
        return nil
    }

    mutating func int(_ key: String, optional: Bool = false) -> Int? {
        guard let value = value(key, optional: optional) else { return nil }
        if case .number(let number) = value, number.isInteger, let integer = Int(number.text) { return integer }
        valid = false
        return nil
    }

    mutating func date(_ key: String, optional: Bool = false) -> LocalDate? {
        guard let value = value(key, optional: optional) else { return nil }
        return check(try? LocalDate.decodeLeaf(value).get())
    }

    mutating func timestamp(_ key: String, optional: Bool = false) -> ZonedDateTime? {
        guard let value = value(key, optional: optional) else { return nil }
        return check(try? ZonedDateTime.decodeLeaf(value).get())
    }

    mutating func sscc(_ key: String, optional: Bool = false) -> SSCC? {
        guard let value = value(key, optional: optional) else { return nil }
        return check(try? SSCC.decodeLeaf(value).get())
    }

    mutating func currency(_ key: String, optional: Bool = false) -> CurrencyCode? {
        guard let value = value(key, optional: optional) else { return nil }
        return check(try? CurrencyCode.decodeLeaf(value).get())
    }

    mutating func code<Code: OpenCode>(_ key: String, optional: Bool = false) -> Code? {
        string(key, optional: optional).map { Code(rawValue: $0) }
    }

    mutating func strings(_ key: String, optional: Bool = false) -> [String]? {
        guard let value = value(key, optional: optional) else { return nil }
        guard case .array(let elements) = value else {
            valid = false
            return nil
        }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let text) = element else {
                valid = false
                return nil
            }
            result.append(text)
        }
        return result
    }

    mutating func object<T: JSONDirectDecodable>(_ key: String, optional: Bool = false) -> T? {
        guard let value = value(key, optional: optional) else { return nil }
        return check(T(directJSON: value))
    }

    mutating func objects<T: JSONDirectDecodable>(_ key: String, optional: Bool = false) -> [T]? {
        guard let value = value(key, optional: optional) else { return nil }
        guard case .array(let elements) = value else {
            valid = false
            return nil
        }
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let decoded = T(directJSON: element) else {
                valid = false
                return nil
            }
            result.append(decoded)
        }
        return result
    }
}
