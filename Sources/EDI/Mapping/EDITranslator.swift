import WireProtocol

/// Translates accepted transaction sets into canonical events.
///
/// One mapping per set type, in `X12Mapping+<set>.swift`; partner variations come from ``PartnerProfile``.
/// Rejected sets (with ``EDITransactionSet/problems``) are never translated.
public struct EDITranslator: Sendable {
    /// The partner's variations.
    public var profile: PartnerProfile {
        didSet {
            itemQualifiers = ItemQualifierTable(profile.itemQualifiers)
            envelopeFacts = EDIEnvelopeFactsCache()
        }
    }
    /// The file name used in errors.
    public var file: String
    /// The profile's item qualifiers, prepared once for every set.
    private var itemQualifiers: ItemQualifierTable
    /// The id prefix and document time of the group translated last.
    private var envelopeFacts = EDIEnvelopeFactsCache()

    /// Creates a translator.
    public init(profile: PartnerProfile = .standard, file: String) {
        self.profile = profile
        self.file = file
        self.itemQualifiers = ItemQualifierTable(profile.itemQualifiers)
    }

    /// The X12 set types with a mapping, and the event each yields.
    public static let x12Mappings: [String: EventType] = [
        "940": .orderReleased, "945": .shipmentConfirmed, "856": .shipmentAdvised, "214": .shipmentMilestone,
        "204": .shipmentTendered, "210": .freightInvoiced, "810": .invoiceIssued, "846": .inventorySnapshot,
        "850": .orderCreated,
        "855": .orderAcknowledged, "943": .transferShipped, "944": .receiptConfirmed, "997": .ediAcknowledged,
        "999": .ediAcknowledged,
    ]

    /// The EDIFACT message types with a mapping, and the event each yields.
    public static let edifactMappings: [String: EventType] = [
        "INVOIC": .invoiceIssued, "ORDERS": .orderCreated, "DESADV": .shipmentAdvised, "IFTSTA": .shipmentMilestone,
    ]

    /// The canonical events of one accepted set.
    ///
    /// - Throws: ``EDIError`` `mappingFailed` (positioned at the segment that lacks what the mapping needs) or
    ///   `unsupportedSet`; the set's own problems when it was rejected.
    public func translate(_ set: EDITransactionSet) throws(EDIError) -> [EDIMappedEvent] {
        if let problem = set.problems.first { throw problem }
        let facts = envelopeFacts.facts(for: set, profile: profile)
        // The reader borrows the set and the profile while the mapping runs instead of copying them (dozens of
        // references each); it does not outlive this call.
        return try withUnsafePointer(to: set) { set throws(EDIError) in
            try withUnsafePointer(to: profile) { profile throws(EDIError) in
                try translate(
                    X12SetReader(set, profile: profile, file: file, itemQualifiers: itemQualifiers, facts: facts))
            }
        }
    }

    /// The events of the set `reader` reads.
    private func translate(_ reader: X12SetReader) throws(EDIError) -> [EDIMappedEvent] {
        let id = reader.set.id
        guard profile.disabledSets.isEmpty || !profile.disabledSets.contains(id) else {
            throw reader.unsupported("is disabled in partner profile \(profile.name)")
        }
        do {
            switch (reader.set.interchange.standard, id) {
            case (.x12, "940"): return [try X12Mapping.order940(reader)]
            case (.x12, "945"): return [try X12Mapping.shipment945(reader)]
            case (.x12, "856"): return [try X12Mapping.shipNotice856(reader)]
            case (.x12, "214"): return try X12Mapping.milestones214(reader)
            case (.x12, "204"): return [try X12Mapping.tender204(reader)]
            case (.x12, "210"): return [try X12Mapping.freightInvoice210(reader)]
            case (.x12, "810"): return [try X12Mapping.invoice810(reader)]
            case (.x12, "846"): return [try X12Mapping.inventory846(reader)]
            case (.x12, "850"): return [try X12Mapping.order850(reader)]
            case (.x12, "855"): return [try X12Mapping.acknowledgment855(reader)]
            case (.x12, "943"): return [try X12Mapping.transfer943(reader)]
            case (.x12, "944"): return [try X12Mapping.receipt944(reader)]
            case (.x12, "997"), (.x12, "999"): return [try X12Mapping.acknowledgment997(reader)]
            case (.edifact, "INVOIC"): return [try EDIFACTMapping.invoice(reader)]
            case (.edifact, "ORDERS"): return [try EDIFACTMapping.order(reader)]
            case (.edifact, "DESADV"): return [try EDIFACTMapping.despatchAdvice(reader)]
            case (.edifact, "IFTSTA"): return try EDIFACTMapping.statusReport(reader)
            default: throw reader.unsupported("has no mapping to the canonical model yet")
            }
        } catch let error as EDIError {
            throw error
        } catch {
            throw reader.failure("could not be encoded: \(error)")
        }
    }

    /// Translates every accepted set of a document; rejected sets, rejected groups and interchanges, and
    /// mapping failures come back as problems.
    public func translate(_ document: EDIDocument) -> (events: [EDIMappedEvent], problems: [EDIError]) {
        var events: [EDIMappedEvent] = []
        var problems = document.rejections
        for interchange in document.interchanges {
            problems += interchange.summary?.problems ?? []
            for group in interchange.groups {
                problems += group.summary?.problems ?? []
                for set in group.sets {
                    if !set.problems.isEmpty {
                        problems += set.problems
                        continue
                    }
                    guard interchange.isAccepted, group.summary?.problems.isEmpty ?? false else { continue }
                    do {
                        events += try translate(set)
                    } catch {
                        problems.append(error)
                    }
                }
            }
        }
        return (events, problems.sorted { ($0.position.byteOffset ?? 0) < ($1.position.byteOffset ?? 0) })
    }
}

extension X12SetReader {
    /// A set type this build does not translate.
    func unsupported(_ why: String) -> EDIError {
        var error = failure(why)
        error.code = .unsupportedSet
        return error
    }
}

/// The X12 mappings, one extension file per set.
enum X12Mapping {}
