/// Stock per location and item at one moment (WMS inventory report, X12 846).
///
/// `subject` is ``facility``.
public struct InventorySnapshot: Codable, Sendable, Hashable, EventPayload {
    /// The event types whose `data` this is.
    public static let eventTypes: [EventType] = [.inventorySnapshot]

    /// The warehouse or site code.
    public var facility: String
    /// The moment the quantities describe.
    public var asOf: ZonedDateTime
    /// Whether this lists every position of the facility (a full snapshot) rather than some.
    public var complete: Bool
    /// The positions.
    public var positions: [InventoryPosition]

    /// Creates the value from its members.
    public init(facility: String, asOf: ZonedDateTime, complete: Bool, positions: [InventoryPosition] = []) {
        self.facility = facility
        self.asOf = asOf
        self.complete = complete
        self.positions = positions
    }
}

/// The stock of one item at one location.
public struct InventoryPosition: Codable, Sendable, Hashable {
    /// The location within the facility (zone, aisle, bin); `*` for facility totals.
    public var location: String
    /// The item.
    public var item: ItemReference
    /// Lot or batch number.
    public var lot: String?
    /// Stock status: `available`, `hold`, `damaged`, `quarantine`.
    public var status: String?
    /// The unit of the quantities.
    public var unit: UnitOfMeasure
    /// Physically present.
    public var onHand: DecimalNumber
    /// Free to promise (on hand minus allocated minus holds).
    public var available: DecimalNumber
    /// Reserved for orders.
    public var allocated: DecimalNumber

    /// Creates the value from its members.
    public init(
        location: String,
        item: ItemReference,
        lot: String? = nil,
        status: String? = nil,
        unit: UnitOfMeasure,
        onHand: DecimalNumber,
        available: DecimalNumber,
        allocated: DecimalNumber
    ) {
        self.location = location
        self.item = item
        self.lot = lot
        self.status = status
        self.unit = unit
        self.onHand = onHand
        self.available = available
        self.allocated = allocated
    }
}
