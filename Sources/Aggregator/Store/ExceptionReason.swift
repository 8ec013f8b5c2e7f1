/// Why input was stored as an exception instead of an event.
public enum ExceptionReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The event breaks the envelope or payload rules (missing attributes, wrong types, bad `data`).
    case invalidEvent = "invalid-event"
    /// The event's `tenant`/`site`/`agent` differ from the topic it was published on: an agent may publish only
    /// for its own identity.
    case identityMismatch = "identity-mismatch"
    /// The event's type is under `com.crossdock.` but not one this build knows (a typo, or a newer version), so its
    /// `data` cannot be checked and no route can act on it.
    case unknownEventType = "unknown-event-type"
    /// The message is not a readable batch at all (not UTF-8, not JSON, too large, too deep, not an array).
    case unreadableBatch = "unreadable-batch"
    /// The message arrived on a topic that is not `crossdock/v1/{tenant}/{site}/{agent}/events`.
    case invalidTopic = "invalid-topic"
    /// The event's origin may not publish its type: the type is mastered by another system (DESIGN.md's
    /// system-of-record rules, e.g. `invoice.issued` only from the ERP). The message names the rule.
    case systemOfRecord = "system-of-record"
    /// Order-to-cash: a shipment line's shipped quantity differs from the ordered quantity without a backorder.
    case quantityMismatch = "quantity-mismatch"
    /// Order-to-cash: no tracking milestone arrived within the configured time after a shipment left.
    case milestoneOverdue = "milestone-overdue"
    /// Order-to-cash: an invoice arrived for an order before anything of it shipped.
    case invoiceBeforeShipment = "invoice-before-shipment"
    /// Order-to-cash: a tracking milestone names a shipment the aggregator has not seen confirmed.
    case unknownShipment = "unknown-shipment"

    /// The reason's code, as stored.
    public var description: String { rawValue }
}
