import WireProtocol

/// Where a source has read up to, committed in the same outbox transaction as the events it produced.
///
/// The position is the source's own JSON: a file source keeps device, inode, fingerprint and offset; a database
/// source keeps its (timestamp, primary key) high-water mark; a folder source keeps the state of each file.
public struct SourceCursor: Sendable, Hashable {
    /// The source's configured name (unique per agent).
    public var source: String
    /// The source's position, opaque to the outbox.
    public var position: JSONValue

    /// Creates a cursor.
    public init(source: String, position: JSONValue) {
        self.source = source
        self.position = position
    }
}
