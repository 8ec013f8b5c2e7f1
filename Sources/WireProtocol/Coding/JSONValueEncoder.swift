/// Encodes `Encodable` values into ``JSONValue``s, keeping members in the order they are encoded.
///
/// Synthesised `Codable` conformances encode properties in declaration order, so a model type always produces
/// the same member order; ``DecimalNumber`` keeps its text. `nil` optionals are omitted.
///
/// Scalars and the wire protocol's own leaf types (``DecimalNumber``, ``ZonedDateTime``, ``LocalDate``, …) are
/// written straight into their parent's members; only objects and arrays get a node of their own, and a coding
/// path is built only when something asks for it (an error, or a type reading `codingPath`).
public struct JSONValueEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes a value.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/unencodable`` for values JSON cannot
    ///   hold (non-finite floating-point numbers) or a type that encodes nothing.
    public func encode<T: Encodable>(_ value: T) throws(WireProtocolError) -> JSONValue {
        if let direct = T.self as? any JSONDirectEncodable.Type {
            // Through the type, on the value in place: casting the value would copy it into an existential box.
            return withUnsafePointer(to: value) { direct.directJSON(of: UnsafeRawPointer($0)) }
        }
        return try encodeThroughCodable(value)
    }

    /// Encodes a value through its `Encodable` conformance, even when it can build its JSON directly.
    func encodeThroughCodable(_ value: some Encodable) throws(WireProtocolError) -> JSONValue {
        if let leaf = encodedLeaf(value) { return leaf }
        let node = EncodingNode(parent: nil, key: nil)
        do {
            try value.encode(to: NodeEncoder(node: node))
        } catch let error as WireProtocolError {
            throw error
        } catch {
            throw WireProtocolError(code: .unencodable, message: "\(error)")
        }
        return node.value
    }
}

/// The JSON of a scalar or leaf-type value, found by type identity (no dynamic casts); `nil` for other types.
@inline(__always)
func encodedLeaf<T>(_ value: T) -> JSONValue? {
    let id = ObjectIdentifier(T.self)
    if id == ObjectIdentifier(String.self) { return .string(unsafeBitCast(value, to: String.self)) }
    if id == ObjectIdentifier(DecimalNumber.self) { return .number(unsafeBitCast(value, to: DecimalNumber.self)) }
    if id == ObjectIdentifier(ZonedDateTime.self) { return cast(value, ZonedDateTime.self).leafValue }
    if id == ObjectIdentifier(LocalDate.self) { return cast(value, LocalDate.self).leafValue }
    if id == ObjectIdentifier(Int.self) { return .number(DecimalNumber(unsafeBitCast(value, to: Int.self))) }
    if id == ObjectIdentifier(Bool.self) { return .bool(unsafeBitCast(value, to: Bool.self)) }
    if id == ObjectIdentifier(CurrencyCode.self) { return cast(value, CurrencyCode.self).leafValue }
    if id == ObjectIdentifier(SSCC.self) { return cast(value, SSCC.self).leafValue }
    if id == ObjectIdentifier(JSONValue.self) { return cast(value, JSONValue.self) }
    if id == ObjectIdentifier(SequenceRangeSet.self) { return cast(value, SequenceRangeSet.self).leafValue }
    return nil
}

/// `value` as `U`, which the caller has established is its type.
@inline(__always)
private func cast<T, U>(_ value: T, _ type: U.Type) -> U {
    withUnsafePointer(to: value) { $0.withMemoryRebound(to: U.self, capacity: 1) { $0.pointee } }
}

/// An object or array being encoded; a class so nested containers can write into it in place.
///
/// Members and elements are stored as finished ``JSONValue``s. A nested container or super-encoder, which is
/// written after it is handed out, gets a node of its own that is read back when this node's value is taken.
final class EncodingNode {
    enum Kind { case empty, leaf, object, array }
    var kind = Kind.empty
    var leaf = JSONValue.null
    var members: [JSONObject.Member] = []
    var elements: [JSONValue] = []
    /// Nodes handed out for nested containers, with the position of the member or element they fill.
    var pending: [(position: Int, node: EncodingNode)] = []
    /// The node this one is a member or element of, for ``codingPath``.
    let parent: EncodingNode?
    /// The key or index of this node in ``parent``.
    let key: (any CodingKey)?

    init(parent: EncodingNode?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    /// The coding path of this node, built on demand.
    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var node: EncodingNode? = self
        while let current = node {
            if let key = current.key { path.append(key) }
            node = current.parent
        }
        return path.reversed()
    }

    var value: JSONValue {
        switch kind {
        case .empty: return .object(JSONObject())
        case .leaf: return leaf
        case .array:
            if pending.isEmpty { return .array(elements) }
            var elements = self.elements
            for (position, node) in pending { elements[position] = node.value }
            return .array(elements)
        case .object:
            if pending.isEmpty { return .object(JSONObject(uniqueMembers: members)) }
            var members = self.members
            for (position, node) in pending { members[position].value = node.value }
            return .object(JSONObject(uniqueMembers: members))
        }
    }

    func setLeaf(_ value: JSONValue) {
        kind = .leaf
        leaf = value
    }

    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        members = []
        members.reserveCapacity(8)
        elements = []
        pending = []
    }

    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        members = []
        elements = []
        pending = []
    }

    /// Sets the member `key`, replacing an earlier member of that name in its position; the member's position.
    @discardableResult
    func set(_ key: String, _ value: JSONValue) -> Int {
        becomeObject()
        for position in members.indices where members[position].key == key {
            members[position].value = value
            pending.removeAll { $0.position == position }
            return position
        }
        members.append(JSONObject.Member(key: key, value: value))
        return members.count - 1
    }

    /// Appends an element.
    func append(_ value: JSONValue) {
        becomeArray()
        elements.append(value)
    }

    /// A node for a member written later through a nested container.
    func pendingMember(_ key: String, codingKey: (any CodingKey)?) -> EncodingNode {
        let node = EncodingNode(parent: self, key: codingKey)
        pending.append((set(key, .null), node))
        return node
    }

    /// A node for an element written later through a nested container.
    func pendingElement() -> EncodingNode {
        let node = EncodingNode(parent: self, key: IndexKey(elements.count))
        append(.null)
        pending.append((elements.count - 1, node))
        return node
    }

    /// The JSON of a nested non-leaf value, encoded at `key`.
    func encodeChild<T: Encodable>(_ value: T, key: any CodingKey) throws -> JSONValue {
        let node = EncodingNode(parent: self, key: key)
        try value.encode(to: NodeEncoder(node: node))
        return node.value
    }
}

struct NodeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey] { node.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node)
    }
}

private func number(_ double: Double, _ codingPath: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
    guard let number = DecimalNumber(double) else {
        throw EncodingError.invalidValue(
            double, EncodingError.Context(codingPath: codingPath(), debugDescription: "JSON cannot hold \(double)"))
    }
    return .number(number)
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey] { node.codingPath }

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, .null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, .bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.set(key.stringValue, try number(value, codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.set(key.stringValue, try number(Double(value), codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws {
        node.set(key.stringValue, .number(DecimalNumber(value)))
    }
    mutating func encode(_ value: Int64, forKey key: Key) throws {
        node.set(key.stringValue, .number(DecimalNumber(value)))
    }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        node.set(key.stringValue, .number(DecimalNumber(value)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if let leaf = encodedLeaf(value) {
            node.set(key.stringValue, leaf)
        } else {
            node.set(key.stringValue, try node.encodeChild(value, key: key))
        }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { node.set(key.stringValue, .string(value)) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { node.set(key.stringValue, .number(DecimalNumber(value))) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { node.set(key.stringValue, .bool(value)) }
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: node.pendingMember(key.stringValue, codingKey: key)).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.pendingMember(key.stringValue, codingKey: key)).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        let child = node.pendingMember("super", codingKey: nil)
        return NodeEncoder(node: child)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.pendingMember(key.stringValue, codingKey: key))
    }
}

/// The coding key of an array element.
struct IndexKey: CodingKey {
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
    var codingPath: [any CodingKey] { node.codingPath }
    var count: Int { node.elements.count }

    mutating func encodeNil() throws { node.append(.null) }
    mutating func encode(_ value: Bool) throws { node.append(.bool(value)) }
    mutating func encode(_ value: String) throws { node.append(.string(value)) }
    mutating func encode(_ value: Double) throws { node.append(try number(value, codingPath)) }
    mutating func encode(_ value: Int) throws { node.append(.number(DecimalNumber(value))) }
    mutating func encode(_ value: Int64) throws { node.append(.number(DecimalNumber(value))) }
    mutating func encode(_ value: UInt64) throws { node.append(.number(DecimalNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let leaf = encodedLeaf(value) {
            node.append(leaf)
        } else {
            node.append(try node.encodeChild(value, key: IndexKey(count)))
        }
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        NodeEncoder(node: node.pendingElement()).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.pendingElement()).unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.pendingElement())
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    var codingPath: [any CodingKey] { node.codingPath }

    mutating func encodeNil() throws { node.setLeaf(.null) }
    mutating func encode(_ value: Bool) throws { node.setLeaf(.bool(value)) }
    mutating func encode(_ value: String) throws { node.setLeaf(.string(value)) }
    mutating func encode(_ value: Double) throws { node.setLeaf(try number(value, codingPath)) }
    mutating func encode(_ value: Float) throws { node.setLeaf(try number(Double(value), codingPath)) }
    mutating func encode(_ value: Int) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: Int64) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode(_ value: UInt64) throws { node.setLeaf(.number(DecimalNumber(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let leaf = encodedLeaf(value) {
            node.setLeaf(leaf)
        } else {
            try value.encode(to: NodeEncoder(node: node))
        }
    }
}
