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

    /// Whether the facts hold for `set`'s group and interchange (read with the same profile).
    ///
    /// Reads the headers in place in the set: passing them on would copy each (a dozen references).
    func hold(for set: EDITransactionSet) -> Bool {
        // Equal strings that share storage (the usual case: every set of a group carries copies of one header)
        // compare without reading their bytes.
        guard key[0] == set.interchange.senderQualifier, key[1] == set.interchange.senderID,
            key[2] == set.interchange.receiverQualifier, key[3] == set.interchange.receiverID,
            key[4] == set.interchange.controlNumber, key[5] == set.interchange.date, key[6] == set.interchange.time
        else { return false }
        guard set.group != nil else { return key[10] != "group" && key[7] == "" && key[8] == "" && key[9] == "" }
        return key[10] == "group" && key[7] == set.group!.controlNumber && key[8] == set.group!.date
            && key[9] == set.group!.time
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
        if let cached = latest.withLock({ $0 }), cached.hold(for: set) { return cached }
        let facts = EDIEnvelopeFacts(interchange: set.interchange, group: set.group, profile: profile)
        latest.withLock { $0 = facts }
        return facts
    }
}
