/// A change to stock outside receiving and shipping: count correction, damage, scrap (X12 947).
///
/// `subject` is ``adjustmentNumber``.
public struct InventoryAdjustment: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.inventoryAdjusted]

    /// The adjustment's number; the business key.
    public var adjustmentNumber: String
    /// When the stock changed.
    public var adjustedAt: ZonedDateTime
    /// The warehouse or site code.
    public var facility: String
    /// The location within the facility.
    public var location: String?
    /// The item.
    public var item: ItemReference
    /// Lot or batch number.
    public var lot: String?
    /// The change: positive adds stock, negative removes it.
    public var delta: Quantity
    /// Why: X12 947 adjustment reason code (e.g. `AA` physical count, `AD` damaged, `AV` scrapped) or the WMS's own
    /// code.
    public var reasonCode: String
    /// The reason in words.
    public var reasonDescription: String?
    /// The on-hand quantity after the change.
    public var resultingOnHand: Quantity?

    /// Creates the value from its members.
    public init(
        adjustmentNumber: String,
        adjustedAt: ZonedDateTime,
        facility: String,
        location: String? = nil,
        item: ItemReference,
        lot: String? = nil,
        delta: Quantity,
        reasonCode: String,
        reasonDescription: String? = nil,
        resultingOnHand: Quantity? = nil
    ) {
        self.adjustmentNumber = adjustmentNumber
        self.adjustedAt = adjustedAt
        self.facility = facility
        self.location = location
        self.item = item
        self.lot = lot
        self.delta = delta
        self.reasonCode = reasonCode
        self.reasonDescription = reasonDescription
        self.resultingOnHand = resultingOnHand
    }
}
