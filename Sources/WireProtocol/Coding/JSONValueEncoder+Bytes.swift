extension JSONValueEncoder {
    /// Whether ``encode(_:)`` builds `value`'s JSON directly (the payloads and model types of the hot paths),
    /// which cannot fail; such a value can also be written straight to bytes with ``encodedBytes(_:)``.
    public func encodesDirectly<T: Encodable>(_ value: T) -> Bool {
        // A check on the type: casting the value would copy it into an existential box.
        T.self is any JSONDirectEncodable.Type
    }

    /// `value`'s JSON as compact UTF-8 bytes: the same bytes as `try encode(value).encoded()`.
    ///
    /// Payloads that build their JSON directly write their members straight into the bytes, without a
    /// ``JSONValue`` tree in between.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/unencodable``, as ``encode(_:)``.
    public func encodedBytes<T: Encodable>(_ value: T) throws(WireProtocolError) -> [UInt8] {
        if let direct = T.self as? any JSONDirectEncodable.Type {
            // Through the type, on the value in place: casting the value would copy it into an existential box.
            var writer = JSONBytesWriter()
            withUnsafePointer(to: value) { direct.writeJSON(of: UnsafeRawPointer($0), to: &writer) }
            return writer.bytes
        }
        return try encodeThroughCodable(value).encoded()
    }
}
