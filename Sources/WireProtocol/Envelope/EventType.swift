/// A CloudEvents `type`: `com.crossdock.<noun>.<verb>.v<N>` for crossdock's own events.
///
/// The known v1 types are static members (``orderCreated``, ``shipmentConfirmed``, …) and each maps to its
/// payload type (``payloadType``). Any other reverse-DNS type (a partner's `com.example.thing.happened`, a future
/// `v2`) is representable too, so events of types this build does not know are carried, not refused.
public struct EventType: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The type as written in the `type` attribute.
    public let rawValue: String

    /// Creates a type from its text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a type from a literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// `com.crossdock.<noun>.<verb>.v<version>`.
    public init(noun: String, verb: String, version: Int = 1) {
        self.init(rawValue: "\(EventType.crossdockPrefix)\(noun).\(verb).v\(version)")
    }

    /// The prefix of crossdock's own types.
    public static let crossdockPrefix = "com.crossdock."

    /// The type text.
    public var description: String { rawValue }

    /// For crossdock types, the parts of `com.crossdock.<noun>.<verb>.v<N>`; `nil` for other types.
    public var crossdockParts: (noun: String, verb: String, version: Int)? {
        guard rawValue.hasPrefix(EventType.crossdockPrefix) else { return nil }
        let bytes = Array(rawValue.utf8.dropFirst(EventType.crossdockPrefix.utf8.count))
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, EventType.isSegment(parts[0]), EventType.isSegment(parts[1]),
            parts[2].first == UInt8(ascii: "v"), parts[2].count >= 2, parts[2].count <= 10,
            parts[2].dropFirst().allSatisfy({ (0x30...0x39).contains($0) }), parts[2].dropFirst().first != 0x30,
            let version = Int(String(decoding: parts[2].dropFirst(), as: UTF8.self))
        else { return nil }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), version)
    }

    /// Why the text is not a valid type, or `nil`.
    ///
    /// Any type must be reverse-DNS style: at least three dot-separated segments of `a–z 0–9 -`, at most 256
    /// bytes. Types under `com.crossdock.` must also be `com.crossdock.<noun>.<verb>.v<N>`.
    public var problem: String? {
        if EventType.known[self] != nil { return nil }
        if rawValue.isEmpty { return "must not be empty" }
        if rawValue.utf8.count > 256 { return "is \(rawValue.utf8.count) bytes long, above the limit of 256" }
        let segments = Array(rawValue.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count >= 3, segments.allSatisfy(EventType.isSegment) else {
            return
                "\"\(rawValue.prefix(80))\" is not a reverse-DNS type "
                + "(lower-case segments of a-z 0-9 - joined by dots, e.g. \(EventType.shipmentConfirmed))"
        }
        if rawValue.hasPrefix(EventType.crossdockPrefix) && crossdockParts == nil {
            return "\"\(rawValue.prefix(80))\" does not follow com.crossdock.<noun>.<verb>.v<N>"
        }
        return nil
    }

    private static func isSegment(_ segment: ArraySlice<UInt8>) -> Bool {
        !segment.isEmpty
            && segment.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "-")
            }
    }
}

extension EventType {
    /// A sales order was created (payload ``Order``).
    public static let orderCreated = EventType(noun: "order", verb: "created")
    /// An order was released to the warehouse (payload ``Order``).
    public static let orderReleased = EventType(noun: "order", verb: "released")
    /// A supplier or warehouse acknowledged an order (payload ``OrderAcknowledgement``).
    public static let orderAcknowledged = EventType(noun: "order", verb: "acknowledged")
    /// A shipment left the warehouse (payload ``Shipment``).
    public static let shipmentConfirmed = EventType(noun: "shipment", verb: "confirmed")
    /// An advance ship notice with its pack hierarchy was sent (payload ``AdvanceShipNotice``).
    public static let shipmentAdvised = EventType(noun: "shipment", verb: "advised")
    /// A shipment was tendered to a carrier (payload ``Shipment``).
    public static let shipmentTendered = EventType(noun: "shipment", verb: "tendered")
    /// A carrier reported a tracking milestone (payload ``TrackingMilestone``).
    public static let shipmentMilestone = EventType(noun: "shipment", verb: "milestone")
    /// Stock on hand per location and item at a point in time (payload ``InventorySnapshot``).
    public static let inventorySnapshot = EventType(noun: "inventory", verb: "snapshot")
    /// Stock was adjusted (payload ``InventoryAdjustment``).
    public static let inventoryAdjusted = EventType(noun: "inventory", verb: "adjusted")
    /// Goods were received (payload ``Receipt``).
    public static let receiptConfirmed = EventType(noun: "receipt", verb: "confirmed")
    /// A stock transfer between sites shipped (payload ``StockTransfer``).
    public static let transferShipped = EventType(noun: "transfer", verb: "shipped")
    /// A customer invoice was issued (payload ``Invoice``).
    public static let invoiceIssued = EventType(noun: "invoice", verb: "issued")
    /// A carrier invoiced freight (payload ``FreightInvoice``).
    public static let freightInvoiced = EventType(noun: "freight", verb: "invoiced")
    /// An EDI functional acknowledgement (997/CONTRL) arrived (payload ``FunctionalAcknowledgement``).
    public static let ediAcknowledged = EventType(noun: "edi", verb: "acknowledged")
    /// An agent acted on a command from the aggregator, or could not (payload ``CommandOutcome``).
    public static let commandCompleted = EventType(noun: "command", verb: "completed")

    /// Every type this build knows, with its payload type.
    public static let known: [EventType: any EventPayload.Type] = [
        .orderCreated: Order.self,
        .orderReleased: Order.self,
        .orderAcknowledged: OrderAcknowledgement.self,
        .shipmentConfirmed: Shipment.self,
        .shipmentAdvised: AdvanceShipNotice.self,
        .shipmentTendered: Shipment.self,
        .shipmentMilestone: TrackingMilestone.self,
        .inventorySnapshot: InventorySnapshot.self,
        .inventoryAdjusted: InventoryAdjustment.self,
        .receiptConfirmed: Receipt.self,
        .transferShipped: StockTransfer.self,
        .invoiceIssued: Invoice.self,
        .freightInvoiced: FreightInvoice.self,
        .ediAcknowledged: FunctionalAcknowledgement.self,
        .commandCompleted: CommandOutcome.self,
    ]

    /// The payload type of a known event type; `nil` for types this build does not know.
    public var payloadType: (any EventPayload.Type)? { EventType.known[self] }

    /// Whether this build knows the type.
    public var isKnown: Bool { EventType.known[self] != nil }
}

/// A typed `data` payload of a known event type.
public protocol EventPayload: Codable, Sendable, Hashable {
    /// The event types whose `data` this type is.
    static var eventTypes: [EventType] { get }

    /// Rules beyond member presence and types (a non-empty `lines`, a non-negative quantity), as problems with
    /// paths relative to `data`. Empty when every rule holds.
    func ruleViolations() -> [ValidationProblem]
}

extension EventPayload {
    /// No rules beyond member presence and types.
    public func ruleViolations() -> [ValidationProblem] { [] }
}
