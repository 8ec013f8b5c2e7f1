/// Flags interchanges received before (same sender, receiver and control number).
public struct DuplicateInterchangeDetector: Sendable {
    /// Where received interchanges are remembered.
    public let registry: any InterchangeRegistry

    /// Creates a detector over `registry`.
    public init(registry: any InterchangeRegistry) {
        self.registry = registry
    }

    /// Records the interchange; returns a `duplicateInterchange` error when it was received before.
    public func check(_ header: EDIInterchangeHeader, file: String) throws -> EDIError? {
        let key = InterchangeKey(header)
        guard let first = try registry.register(key, source: file) else { return nil }
        return EDIError(
            .duplicateInterchange,
            at: EDIPosition(
                file: file, interchange: header.controlNumber, segmentIndex: header.segment.index,
                segmentTag: header.segment.tag, byteOffset: header.segment.byteOffset, line: header.segment.line),
            "duplicate interchange: \(key.sender) → \(key.receiver) control number \(key.controlNumber) was already received in \(first); it is skipped"
        )
    }
}
