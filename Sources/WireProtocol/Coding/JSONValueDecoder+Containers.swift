/// The `Decoder` handed to `init(from:)`: one value (or a stand-in) at one path.
struct ValueDecoder: Decoder {
    let value: JSONValue?
    let reader: DecodingReader
    let path: [JSONPath.Component]

    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        var object: JSONObject? = nil
        if let value {
            if case .object(let members) = value {
                object = members
            } else {
                reader.mismatch("an object", value, path)
            }
        }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(object: object, reader: reader, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        var elements: [JSONValue] = []
        if let value {
            if case .array(let array) = value {
                elements = array
            } else {
                reader.mismatch("an array", value, path)
            }
        }
        return UnkeyedValueContainer(elements: elements, reader: reader, path: path)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, reader: reader, path: path)
    }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject?
    let reader: DecodingReader
    let path: [JSONPath.Component]
    /// This container's slot in the context's lookup hints.
    private let hint: Int

    init(object: JSONObject?, reader: DecodingReader, path: [JSONPath.Component]) {
        self.object = object
        self.reader = reader
        self.path = path
        hint = reader.context.lookupHints.count
        reader.context.lookupHints.append(0)
    }

    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var allKeys: [Key] { object?.members.compactMap { Key(stringValue: $0.key) } ?? [] }

    /// The member named by `key`: keys are unique, so the search may start anywhere; it starts after the member
    /// found last and wraps around, which finds members read in their written order at the first comparison.
    private func lookup(_ key: Key) -> JSONValue? {
        guard let object else { return nil }
        let count = object.members.count
        guard count > 0 else { return nil }
        let name = key.stringValue
        let length = name.utf8.count
        let context = reader.context
        var position = context.lookupHints[hint]
        if position >= count { position = 0 }
        return object.members.withUnsafeBufferPointer { members in
            for _ in 0..<count {
                let member = members[position]
                position += 1
                if member.key.utf8.count == length && member.key == name {
                    context.lookupHints[hint] = position
                    return member.value
                }
                if position == count { position = 0 }
            }
            return nil
        }
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        lookup(key)?.isNull ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let childPath = reader.child(path, .key(key.stringValue))
        guard object != nil else { return try reader.decode(type, from: nil, path: childPath) }
        guard let value = lookup(key) else {
            reader.context.record(childPath, "missing required member \"\(key.stringValue)\"")
            return try reader.decode(type, from: nil, path: childPath)
        }
        return try reader.decode(type, from: value, path: childPath)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = lookup(key), !value.isNull else { return nil }
        return try reader.decode(type, from: value, path: reader.child(path, .key(key.stringValue)))
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { required(key, reader.bool) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { required(key, reader.string) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { required(key, reader.double) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { required(key, { Float(reader.double($0, $1)) }) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { required(key, { reader.integer($0, $1) }) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { required(key, { reader.integer($0, $1) }) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { optional(key, reader.bool) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { optional(key, reader.string) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { optional(key, reader.double) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? {
        optional(key, { Float(reader.double($0, $1)) })
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { optional(key, { reader.integer($0, $1) }) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? {
        optional(key, { reader.integer($0, $1) })
    }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? {
        optional(key, { reader.integer($0, $1) })
    }

    /// Reads a required scalar member, recording a missing one.
    @inline(__always)
    private func required<T>(_ key: Key, _ read: (JSONValue?, [JSONPath.Component]) -> T) -> T {
        let childPath = reader.child(path, .key(key.stringValue))
        guard object != nil else { return read(nil, childPath) }
        guard let value = lookup(key) else {
            reader.context.record(childPath, "missing required member \"\(key.stringValue)\"")
            return read(nil, childPath)
        }
        return read(value, childPath)
    }

    /// Reads an optional scalar member: absent and `null` are `nil`.
    @inline(__always)
    private func optional<T>(_ key: Key, _ read: (JSONValue?, [JSONPath.Component]) -> T) -> T? {
        guard let value = lookup(key), !value.isNull else { return nil }
        return read(value, reader.child(path, .key(key.stringValue)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try childDecoder(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: object.map { .object($0) }, reader: reader, path: path)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { childDecoder(key) }

    private func childDecoder(_ key: Key) -> ValueDecoder {
        let childPath = reader.child(path, .key(key.stringValue))
        if object != nil && lookup(key) == nil {
            reader.context.record(childPath, "missing required member \"\(key.stringValue)\"")
        }
        return ValueDecoder(value: lookup(key), reader: reader, path: childPath)
    }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let reader: DecodingReader
    let path: [JSONPath.Component]
    var currentIndex = 0

    var codingPath: [any CodingKey] { path.map(PathKey.init) }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, DecodingError.Context(codingPath: codingPath, debugDescription: "array has no more elements"))
        }
        let position = currentIndex
        currentIndex += 1
        return try reader.decode(type, from: elements[position], path: reader.child(path, .index(position)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { nextDecoder() }

    private mutating func nextDecoder() -> ValueDecoder {
        let position = currentIndex
        currentIndex += 1
        let value = position < elements.count ? elements[position] : nil
        return ValueDecoder(value: value, reader: reader, path: reader.child(path, .index(position)))
    }
}

private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue?
    let reader: DecodingReader
    let path: [JSONPath.Component]

    var codingPath: [any CodingKey] { path.map(PathKey.init) }

    func decodeNil() -> Bool { value?.isNull ?? true }
    func decode(_ type: Bool.Type) throws -> Bool { reader.bool(value, path) }
    func decode(_ type: String.Type) throws -> String { reader.string(value, path) }
    func decode(_ type: Double.Type) throws -> Double { reader.double(value, path) }
    func decode(_ type: Float.Type) throws -> Float { Float(reader.double(value, path)) }
    func decode(_ type: Int.Type) throws -> Int { reader.integer(value, path) }
    func decode(_ type: Int8.Type) throws -> Int8 { reader.integer(value, path) }
    func decode(_ type: Int16.Type) throws -> Int16 { reader.integer(value, path) }
    func decode(_ type: Int32.Type) throws -> Int32 { reader.integer(value, path) }
    func decode(_ type: Int64.Type) throws -> Int64 { reader.integer(value, path) }
    func decode(_ type: UInt.Type) throws -> UInt { reader.integer(value, path) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { reader.integer(value, path) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { reader.integer(value, path) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { reader.integer(value, path) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { reader.integer(value, path) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try reader.decode(type, from: value, path: path) }
}
