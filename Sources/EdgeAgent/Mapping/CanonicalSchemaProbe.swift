import WireProtocol

/// Derives a ``CanonicalSchema`` by running a payload type's `init(from:)` against a decoder that records every
/// member it asks for (`decode` = required, `decodeIfPresent` = optional) instead of reading data.
enum CanonicalSchemaProbe {
    /// The schema of `type`; types that cannot be probed come out as ``CanonicalSchema/Leaf/any``.
    static func schema(of type: any Decodable.Type) -> CanonicalSchema {
        let node = ProbeNode()
        _ = try? probe(type, node)
        return node.schema
    }

    /// Records the shape of `type` into `node` and returns a stand-in value.
    static func probe<T: Decodable>(_ type: T.Type, _ node: ProbeNode) throws -> T {
        if let (leaf, sample) = leafSample(of: type) {
            node.shape = .leaf(leaf)
            return try JSONValueDecoder().decode(T.self, from: sample)
        }
        if let code = type as? any OpenCode.Type {
            node.shape = .leaf(.string)
            return code.init(rawValue: "") as! T
        }
        return try T(from: ProbeDecoder(node: node))
    }

    private static func leafSample(of type: Any.Type) -> (CanonicalSchema.Leaf, JSONValue)? {
        switch ObjectIdentifier(type) {
        case ObjectIdentifier(DecimalNumber.self): (.decimal, .number(0))
        case ObjectIdentifier(ZonedDateTime.self): (.dateTime, "2000-01-01T00:00:00Z")
        case ObjectIdentifier(LocalDate.self): (.date, "2000-01-01")
        case ObjectIdentifier(CurrencyCode.self): (.string, "USD")
        case ObjectIdentifier(SSCC.self): (.string, "000000000000000000")
        case ObjectIdentifier(JSONValue.self): (.any, .null)
        case ObjectIdentifier(String.self): (.string, "")
        case ObjectIdentifier(Bool.self): (.boolean, false)
        case ObjectIdentifier(Int.self), ObjectIdentifier(Int64.self), ObjectIdentifier(Int32.self),
            ObjectIdentifier(UInt64.self), ObjectIdentifier(UInt32.self), ObjectIdentifier(UInt.self):
            (.integer, 0)
        case ObjectIdentifier(Double.self), ObjectIdentifier(Float.self): (.decimal, .number(0))
        default: nil
        }
    }
}

/// What the probe learned about one value.
final class ProbeNode {
    enum Shape {
        case unknown
        case leaf(CanonicalSchema.Leaf)
        case object([(key: String, node: ProbeNode, required: Bool)])
        case array(ProbeNode)
    }

    var shape: Shape = .unknown

    var schema: CanonicalSchema {
        switch shape {
        case .unknown: return .leaf(.any)
        case .leaf(let leaf): return .leaf(leaf)
        case .array(let element): return .array(element.schema)
        case .object(let members):
            var result: [String: CanonicalSchema.Member] = [:]
            for member in members {
                result[member.key] = CanonicalSchema.Member(schema: member.node.schema, isRequired: member.required)
            }
            return .object(result)
        }
    }

    func member(_ key: String, required: Bool) -> ProbeNode {
        let child = ProbeNode()
        if case .object(var members) = shape {
            members.append((key, child, required))
            shape = .object(members)
        } else {
            shape = .object([(key, child, required)])
        }
        return child
    }
}

private struct ProbeKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct ProbeDecoder: Decoder {
    let node: ProbeNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        if case .unknown = node.shape { node.shape = .object([]) }
        return KeyedDecodingContainer(ProbeKeyedContainer<Key>(node: node))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let element = ProbeNode()
        node.shape = .array(element)
        return ProbeUnkeyedContainer(element: element)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ProbeSingleValueContainer(node: node)
    }
}

private struct ProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: ProbeNode
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try CanonicalSchemaProbe.probe(type, node.member(key.stringValue, required: true))
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try CanonicalSchemaProbe.probe(type, node.member(key.stringValue, required: false))
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try probe(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try probe(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try probe(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try probe(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try probe(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try probe(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try probe(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try probe(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try probe(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try probe(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try probe(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try probe(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try probe(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try probe(type, key) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try probe(type, key, false) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try probe(type, key, false) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try probe(type, key, false) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try probe(type, key, false) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try probe(type, key, false) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try probe(type, key, false) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try probe(type, key, false) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try probe(type, key, false) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        let child = node.member(key.stringValue, required: true)
        child.shape = .object([])
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(node: child))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let element = ProbeNode()
        node.member(key.stringValue, required: true).shape = .array(element)
        return ProbeUnkeyedContainer(element: element)
    }

    func superDecoder() throws -> any Decoder { ProbeDecoder(node: node) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        ProbeDecoder(node: node.member(key.stringValue, required: true))
    }

    private func probe<T: Decodable>(_ type: T.Type, _ key: Key, _ required: Bool = true) throws -> T {
        try CanonicalSchemaProbe.probe(type, node.member(key.stringValue, required: required))
    }
}

/// Presents one element, so an array's element type is probed once.
private struct ProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let element: ProbeNode
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    init(element: ProbeNode) { self.element = element }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        currentIndex += 1
        return try CanonicalSchemaProbe.probe(type, element)
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decode(type as Any.Type, type) }
    mutating func decode(_ type: String.Type) throws -> String { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decode(type as Any.Type, type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type as Any.Type, type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type as Any.Type, type) }

    private mutating func decode<T: Decodable>(_ any: Any.Type, _ type: T.Type) throws -> T {
        currentIndex += 1
        return try CanonicalSchemaProbe.probe(type, element)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        currentIndex += 1
        element.shape = .object([])
        return KeyedDecodingContainer(ProbeKeyedContainer<NestedKey>(node: element))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        currentIndex += 1
        let inner = ProbeNode()
        element.shape = .array(inner)
        return ProbeUnkeyedContainer(element: inner)
    }

    mutating func superDecoder() throws -> any Decoder {
        currentIndex += 1
        return ProbeDecoder(node: element)
    }
}

private struct ProbeSingleValueContainer: SingleValueDecodingContainer {
    let node: ProbeNode
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Bool.Type) throws -> Bool { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: String.Type) throws -> String { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Double.Type) throws -> Double { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Float.Type) throws -> Float { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Int.Type) throws -> Int { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Int8.Type) throws -> Int8 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Int16.Type) throws -> Int16 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Int32.Type) throws -> Int32 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: Int64.Type) throws -> Int64 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: UInt.Type) throws -> UInt { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try CanonicalSchemaProbe.probe(type, node) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try CanonicalSchemaProbe.probe(type, node) }
}
