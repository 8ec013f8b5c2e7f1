/// Encodes `Encodable` values into ``JSONValue``s, keeping members in the order they are encoded.
///
/// Synthesised `Codable` conformances encode properties in declaration order, so a model type always produces
/// the same member order; ``DecimalNumber`` keeps its text. `nil` optionals are omitted.
public struct JSONValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes a value.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/unencodable`` for values JSON cannot
    ///   hold (non-finite floating-point numbers) or a type that encodes nothing.
    public func encode(_ value: some Encodable) throws(WireProtocolError) -> JSONValue {
        let node = EncodingNode()
        do {
            try node.encode(value, codingPath: [])
        } catch let error as WireProtocolError {
            throw error
        } catch {
            throw WireProtocolError(code: .unencodable, message: "\(error)")
        }
        return node.value
    }
}

/// A node of the tree being encoded; a class so nested containers can write into their parent in place.
final class EncodingNode {
    enum Kind { case empty, leaf, object, array }
    var kind = Kind.empty
    var leaf = JSONValue.null
    var keys: [String] = []
    var children: [EncodingNode] = []

    var value: JSONValue {
        switch kind {
        case .empty: return .object(JSONObject())
        case .leaf: return leaf
        case .array: return .array(children.map(\.value))
        case .object:
            var members: [JSONObject.Member] = []
            members.reserveCapacity(keys.count)
            for (key, child) in zip(keys, children) { members.append(JSONObject.Member(key: key, value: child.value)) }
            return .object(JSONObject(uniqueMembers: members))
        }
    }

    func setLeaf(_ value: JSONValue) {
        kind = .leaf
        leaf = value
    }

    func child(forKey key: String) -> EncodingNode {
        if kind != .object {
            kind = .object
            keys = []
            children = []
        }
        let node = EncodingNode()
        if let existing = keys.firstIndex(of: key) {
            children[existing] = node
        } else {
            keys.append(key)
            children.append(node)
        }
        return node
    }

    func appendChild() -> EncodingNode {
        if kind != .array {
            kind = .array
            children = []
        }
        let node = EncodingNode()
        children.append(node)
        return node
    }

    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if leafType(of: type(of: value)) != nil, let leafValue = value as? any JSONLeafCodable {
            setLeaf(leafValue.leafValue)
            return
        }
        try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.kind != .object {
            node.kind = .object
            node.keys = []
            node.children = []
        }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.kind != .array {
            node.kind = .array
            node.children = []
        }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private func number(_ double: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
    guard let number = DecimalNumber(double) else {
        throw EncodingError.invalidValue(
            double, EncodingError.Context(codingPath: codingPath, debugDescription: "JSON cannot hold \(double)"))
    }
    return .number(number)
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).setLeaf(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(.bool(value))
    }
    mutating func encode(_ value: String, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(.string(value))
    }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(try number(value, codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(try number(Double(value), codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(.number(DecimalNumber(value)))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(.number(DecimalNumber(value)))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        node.child(forKey: key.stringValue).setLeaf(.number(DecimalNumber(value)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(forKey: key.stringValue).encode(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(
            keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    let stringValue: String
    init(_ index: Int) {
        intValue = index
        stringValue = String(index)
    }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.init(intValue) }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.children.count }

    mutating func encodeNil() throws { node.appendChild().setLeaf(.null) }
    mutating func encode(_ value: Bool) throws { node.appendChild().setLeaf(.bool(value)) }
    mutating func encode(_ value: String) throws { node.appendChild().setLeaf(.string(value)) }
    mutating func encode(_ value: Double) throws { node.appendChild().setLeaf(try number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { node.appendChild().setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: Int64) throws { node.appendChild().setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: UInt64) throws { node.appendChild().setLeaf(.number(DecimalNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = codingPath + [IndexKey(count)]
        try node.appendChild().encode(value, codingPath: path)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendChild(), codingPath: path).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendChild(), codingPath: path).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [IndexKey(count)]
        return NodeEncoder(node: node.appendChild(), codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.setLeaf(.null) }
    mutating func encode(_ value: Bool) throws { node.setLeaf(.bool(value)) }
    mutating func encode(_ value: String) throws { node.setLeaf(.string(value)) }
    mutating func encode(_ value: Double) throws { node.setLeaf(try number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.setLeaf(try number(Double(value), codingPath)) }
    mutating func encode(_ value: Int) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: Int64) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: UInt64) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}
