import WireProtocol

/// The shape of a canonical payload type, derived from its `Decodable` conformance: which members exist, which are
/// required, and what kind of value each leaf holds.
///
/// A declarative mapping is checked against it at configuration time (unknown canonical field, missing required
/// field) and uses it at run time to convert text (a CSV cell) into the JSON value the member needs.
public indirect enum CanonicalSchema: Sendable, Hashable {
    /// A scalar member.
    case leaf(Leaf)
    /// An object with named members.
    case object([String: Member])
    /// An array whose elements all have the same shape.
    case array(CanonicalSchema)

    /// What a scalar member holds.
    public enum Leaf: String, Sendable, Hashable {
        /// Text (including open codes such as units of measure and party roles).
        case string
        /// A whole number.
        case integer
        /// An exact decimal number.
        case decimal
        /// `true` or `false`.
        case boolean
        /// A calendar date, `yyyy-MM-dd`.
        case date
        /// An RFC 3339 timestamp with its offset.
        case dateTime
        /// Any JSON value.
        case any
    }

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The member's shape.
        public var schema: CanonicalSchema
        /// Whether the payload is invalid without it.
        public var isRequired: Bool
    }

    /// The members of an object, empty for other shapes.
    public var members: [String: Member] {
        if case .object(let members) = self { return members }
        return [:]
    }

    /// The schema of the payload of `type`, or `nil` for types this build does not know.
    public static func of(_ type: EventType) -> CanonicalSchema? {
        cache[type]
    }

    private static let cache: [EventType: CanonicalSchema] = {
        var result: [EventType: CanonicalSchema] = [:]
        for (type, payload) in EventType.known {
            result[type] = CanonicalSchemaProbe.schema(of: payload)
        }
        return result
    }()

    /// The schema at `path`, or a message saying which step does not exist.
    public func resolve(_ path: CanonicalPath) -> Result<CanonicalSchema, CanonicalPath.Problem> {
        var node = self
        var walked: [CanonicalPath.Component] = []
        for component in path.components {
            switch (component, node) {
            case (.key(let key), .object(let members)):
                guard let member = members[key] else {
                    let prefix = walked.isEmpty ? "" : " of \(CanonicalPath(components: walked))"
                    let known = members.keys.sorted().joined(separator: ", ")
                    return .failure(.init(message: "unknown canonical field '\(key)'\(prefix); known: \(known)"))
                }
                node = member.schema
            case (.index, .array(let element)):
                node = element
            case (.key(let key), _):
                return .failure(.init(message: "'\(CanonicalPath(components: walked))' has no member '\(key)' (it is \(node.kindName))"))
            case (.index, _):
                return .failure(.init(message: "'\(CanonicalPath(components: walked))' is not a list (it is \(node.kindName))"))
            }
            walked.append(component)
        }
        return .success(node)
    }

    /// A short description of the shape, for messages.
    public var kindName: String {
        switch self {
        case .leaf(let leaf): "a \(leaf.rawValue) value"
        case .object: "an object"
        case .array: "a list"
        }
    }
}
