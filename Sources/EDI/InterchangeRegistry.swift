import Synchronization

/// The identity of an interchange for duplicate detection: sender, receiver and control number.
///
/// ``storageKey`` is what a persistent registry stores (the agent uses it as the primary key of its
/// `edi_interchanges` table): `X12|ZZ/SENDER|ZZ/RECEIVER|000000905`. Qualifiers and IDs are trimmed; the control
/// number is kept as written, so `905` and `000000905` are different interchanges only if a partner really
/// writes them differently.
public struct InterchangeKey: Sendable, Hashable, CustomStringConvertible {
    /// X12 or EDIFACT.
    public var standard: EDIStandard
    /// `qualifier/id` of the sender.
    public var sender: String
    /// `qualifier/id` of the receiver.
    public var receiver: String
    /// ISA13 or UNB05.
    public var controlNumber: String

    /// The key of an interchange header.
    public init(_ header: EDIInterchangeHeader) {
        standard = header.standard
        sender = header.senderQualifier + "/" + header.senderID
        receiver = header.receiverQualifier + "/" + header.receiverID
        controlNumber = header.controlNumber.trimmingASCIISpaces()
    }

    /// The key as one string, for storage.
    public var storageKey: String { "\(standard)|\(sender)|\(receiver)|\(controlNumber)" }

    /// The storage key.
    public var description: String { storageKey }
}

/// Remembers which interchanges were received; the seam the agent implements on SQLite.
public protocol InterchangeRegistry: Sendable {
    /// Records `key` as received from `source` (a file name) unless it is known; returns the source that
    /// recorded it first when it is a duplicate, `nil` when it is new.
    func register(_ key: InterchangeKey, source: String) throws -> String?
}

/// An ``InterchangeRegistry`` in memory, for tests and one-shot CLI runs.
public final class InMemoryInterchangeRegistry: InterchangeRegistry {
    private let seen = Mutex([String: String]())

    /// Creates an empty registry.
    public init() {}

    /// Records `key`; see ``InterchangeRegistry/register(_:source:)``.
    public func register(_ key: InterchangeKey, source: String) -> String? {
        seen.withLock { table in
            if let first = table[key.storageKey] { return first }
            table[key.storageKey] = source
            return nil
        }
    }
}

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
            "duplicate interchange: \(key.sender) → \(key.receiver) control number \(key.controlNumber) was already received in \(first); it is skipped")
    }
}
