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
