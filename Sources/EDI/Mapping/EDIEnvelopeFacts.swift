import Synchronization
import WireProtocol

/// What every set of one functional group shares for its events: the start of their ids (sender, receiver,
/// interchange and group control numbers, escaped) and the document time (GS04/GS05, or the interchange date).
///
/// Worked out once per group rather than once per set; ``EDIEnvelopeFactsCache`` keeps the latest.
final class EDIEnvelopeFacts: Sendable {
    /// The envelope values the facts are made of: sender and receiver, interchange control number, date and
    /// time, then the group's control number, date and time (empty without a group).
    private let key: [String]
    /// ``EventIDBuilder/ediTransactionPrefix(sender:receiver:interchangeControlNumber:groupControlNumber:)``.
    let idPrefix: String
    /// When the group's documents were created, at the profile's local offset.
    let documentTime: ZonedDateTime

    /// The facts of the sets in `group` of `interchange`, read with `profile`.
    init(interchange: EDIInterchangeHeader, group: EDIGroupHeader?, profile: PartnerProfile) {
        key = Self.key(interchange, group)
        idPrefix = EventIDBuilder.ediTransactionPrefix(
            sender: interchange.senderQualifier + "/" + interchange.senderID,
            receiver: interchange.receiverQualifier + "/" + interchange.receiverID,
            interchangeControlNumber: interchange.controlNumber, groupControlNumber: group?.controlNumber ?? "")
        if let g = group, let t = X12TimeCodes.timestamp(date: g.date, time: g.time, code: nil, profile: profile) {
            documentTime = t
        } else {
            documentTime =
                X12TimeCodes.timestamp(
                    date: interchange.date, time: interchange.time, code: nil, profile: profile)
                ?? ZonedDateTime("1970-01-01T00:00:00Z")!
        }
    }

    /// Whether the facts hold for a set of `group` in `interchange` (read with the same profile).
    func hold(for interchange: EDIInterchangeHeader, _ group: EDIGroupHeader?) -> Bool {
        // Equal strings that share storage (the usual case: every set of a group carries copies of one header)
        // compare without reading their bytes.
        key[0] == interchange.senderQualifier && key[1] == interchange.senderID
            && key[2] == interchange.receiverQualifier && key[3] == interchange.receiverID
            && key[4] == interchange.controlNumber && key[5] == interchange.date && key[6] == interchange.time
            && key[7] == (group?.controlNumber ?? "") && key[8] == (group?.date ?? "") && key[9] == (group?.time ?? "")
            && (key[10] == "group") == (group != nil)
    }

    private static func key(_ interchange: EDIInterchangeHeader, _ group: EDIGroupHeader?) -> [String] {
        [
            interchange.senderQualifier, interchange.senderID, interchange.receiverQualifier, interchange.receiverID,
            interchange.controlNumber, interchange.date, interchange.time, group?.controlNumber ?? "",
            group?.date ?? "", group?.time ?? "", group == nil ? "" : "group",
        ]
    }
}

/// The ``EDIEnvelopeFacts`` of the group translated last, shared by the copies of one ``EDITranslator``.
final class EDIEnvelopeFactsCache: Sendable {
    private let latest = Mutex<EDIEnvelopeFacts?>(nil)

    /// The facts for `set`, worked out again only when its envelope differs from the last set's.
    func facts(for set: EDITransactionSet, profile: PartnerProfile) -> EDIEnvelopeFacts {
        if let cached = latest.withLock({ $0 }), cached.hold(for: set.interchange, set.group) { return cached }
        let facts = EDIEnvelopeFacts(interchange: set.interchange, group: set.group, profile: profile)
        latest.withLock { $0 = facts }
        return facts
    }
}
