/// Where an order is on its way from creation to invoice.
///
/// Derived from the events stored for it (see ``derive(released:lines:shipments:invoiced:)``), never set by a
/// caller: `created → released → partially-shipped / shipped → in-transit → delivered → invoiced`.
public enum OrderState: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// `order.created` seen; not released to the warehouse yet.
    case created
    /// `order.released` seen: the warehouse may pick it.
    case released
    /// Some lines shipped, less than ordered (the rest backordered).
    case partiallyShipped = "partially-shipped"
    /// Every line shipped in full.
    case shipped
    /// A carrier reported a milestone for one of its shipments, and not every shipment is delivered.
    case inTransit = "in-transit"
    /// Shipped in full and every shipment delivered.
    case delivered
    /// An invoice was issued after it shipped.
    case invoiced

    /// The state's name, as the API shows it.
    public var description: String { rawValue }

    /// How far a shipment of the order got.
    public enum ShipmentProgress: Sendable, Hashable {
        /// Confirmed by the warehouse (or only tendered); no milestone yet.
        case shipped
        /// At least one milestone, not delivered.
        case inTransit
        /// A delivery milestone arrived.
        case delivered
    }

    /// The state from what is known of an order.
    ///
    /// - Parameters:
    ///   - released: whether `order.released` was seen.
    ///   - lines: per order line, whether it shipped in full (shipped ≥ ordered).
    ///   - shipments: the progress of each shipment carrying the order.
    ///   - invoiced: whether an invoice names the order.
    public static func derive(released: Bool, lines: [Bool], shipments: [ShipmentProgress], invoiced: Bool)
        -> OrderState
    {
        guard !shipments.isEmpty else { return released ? .released : .created }
        if invoiced { return .invoiced }
        let complete = lines.allSatisfy { $0 }
        if complete && shipments.allSatisfy({ $0 == .delivered }) { return .delivered }
        if shipments.contains(where: { $0 != .shipped }) { return .inTransit }
        return complete ? .shipped : .partiallyShipped
    }
}
