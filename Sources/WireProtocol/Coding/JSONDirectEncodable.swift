/// A model type that builds its JSON directly, without going through `Encodable`.
///
/// ``JSONValueEncoder`` uses this for the payloads on the hot paths (EDI translation, publishing) and for the
/// types they nest. The result must equal, member for member and in the same order, what the type's `Encodable`
/// conformance produces through the encoder (declaration order, `nil` optionals omitted); a test compares both
/// for every documented example and every EDI golden output.
///
/// A type lists its members once, in ``writeMembers(to:)``; ``directJSON`` (a ``JSONValue`` tree) and
/// ``writeJSON(to:)`` (compact bytes) are both built from that list, so the two cannot drift apart. Member lists are
/// `@inline(__always)`, so each writer's specialisation is the whole list in line, as a hand-written list would be.
protocol JSONDirectEncodable {
    /// How many members the type has at most (room reserved for the tree's members; a low figure only costs a
    /// reallocation).
    static var jsonMemberCount: Int { get }

    /// Adds the value's members to `writer`, in declaration order, leaving out `nil` optionals.
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to writer: inout W)

    /// The value's JSON, exactly as its `Encodable` conformance would produce it.
    var directJSON: JSONValue { get }

    /// Writes the value's JSON as compact bytes, the same bytes as `directJSON.encoded()`.
    func writeJSON(to writer: inout JSONBytesWriter)
}

extension JSONDirectEncodable {
    /// The object of the members ``writeMembers(to:)`` adds.
    ///
    /// Not forced in line: a nested object is then built by a call, and the parent's members array stays a local
    /// the optimiser knows is unique (no uniqueness check per member).
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: Self.jsonMemberCount)
        writeMembers(to: &json)
        return json.value
    }

    /// The object of the members ``writeMembers(to:)`` adds, written straight into `writer`.
    ///
    /// In line: callgrind counts fewer instructions than with a call per nested object.
    @inline(__always)
    func writeJSON(to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
    }

    /// ``directJSON`` of the value of this type at `value`.
    static func directJSON(of value: UnsafeRawPointer) -> JSONValue {
        value.assumingMemoryBound(to: Self.self).pointee.directJSON
    }

    /// ``writeJSON(to:)`` of the value of this type at `value`.
    static func writeJSON(of value: UnsafeRawPointer, to writer: inout JSONBytesWriter) {
        value.assumingMemoryBound(to: Self.self).pointee.writeJSON(to: &writer)
    }
}
