/// The order-to-cash side of a store: the projection that derives order state from stored events, and the reads
/// the portal API serves from it.
///
/// Every read is scoped by tenant, and for customer keys by customer: an implementation must never return a row of
/// another tenant, whatever the other arguments.
public protocol OrderLifecycleStore: Sendable {
    /// Applies up to ``OrderToCashSettings/batchSize`` stored events after the projection's checkpoint, in store
    /// order, in one transaction with the new checkpoint and the exceptions they raise.
    func advanceOrderToCash(settings: OrderToCashSettings) async throws -> OrderToCashProgress

    /// Raises a `milestone-overdue` exception, once, for every shipment that left more than
    /// ``OrderToCashSettings/milestoneTimeout`` before `nowMilliseconds` without a milestone; returns how many.
    func raiseOverdueMilestones(nowMilliseconds: Int64, settings: OrderToCashSettings) async throws -> Int

    /// Orders of `tenant` (and `customer`, when set), most recently changed first.
    func portalOrders(tenant: String, customer: String?, state: OrderState?, limit: Int) async throws
        -> [PortalOrderSummary]

    /// One order of `tenant`, or `nil` (also when it belongs to another customer than `customer`).
    func portalOrder(tenant: String, number: String, customer: String?) async throws -> PortalOrder?

    /// One shipment of `tenant`, or `nil` (also when none of its orders belongs to `customer`).
    func portalShipment(tenant: String, number: String, customer: String?) async throws -> PortalShipment?

    /// How far the projection is: its checkpoint and the newest store sequence.
    func orderToCashPosition() async throws -> OrderToCashProgress
}

/// Where the order-to-cash projection stands.
public struct OrderToCashProgress: Sendable, Hashable {
    /// The last store sequence applied.
    public var checkpoint: Int64
    /// The newest store sequence in the store.
    public var latest: Int64
    /// Events applied by the call that returned this.
    public var applied: Int

    /// Creates progress.
    public init(checkpoint: Int64, latest: Int64, applied: Int) {
        self.checkpoint = checkpoint
        self.latest = latest
        self.applied = applied
    }

    /// Whether every stored event is applied.
    public var isCaughtUp: Bool { checkpoint >= latest }
}
