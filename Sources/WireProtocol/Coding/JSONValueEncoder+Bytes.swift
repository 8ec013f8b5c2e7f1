extension JSONValueEncoder {
    /// Whether ``encode(_:)`` builds `value`'s JSON directly (the payloads and model types of the hot paths),
    /// which cannot fail; such a value can also be written straight to bytes with ``encodedBytes(_:)``.
    public func encodesDirectly(_ value: some Encodable) -> Bool {
        value is any JSONDirectEncodable
    }

    /// `value`'s JSON as compact UTF-8 bytes: the same bytes as `try encode(value).encoded()`.
    ///
    /// Payloads that build their JSON directly write their members straight into the bytes, without a
    /// ``JSONValue`` tree in between.
    ///
    /// - Throws: ``WireProtocolError`` with code ``WireProtocolError/Code/unencodable``, as ``encode(_:)``.
    public func encodedBytes(_ value: some Encodable) throws(WireProtocolError) -> [UInt8] {
        if let direct = value as? any JSONDirectEncodable {
            var writer = JSONBytesWriter()
            direct.writeJSON(to: &writer)
            return writer.bytes
        }
        return try encodeThroughCodable(value).encoded()
    }
}
