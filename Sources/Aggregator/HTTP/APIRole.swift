/// What an API key may do.
///
/// The admin API (operators' replay, resolve) builds on these; the portal and inbound events use them now.
public enum APIRole: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Everything, for its tenant or across the partner's tenants.
    case admin
    /// Reads everything of its tenant; replays and resolves (admin API).
    case `operator`
    /// Reads everything of its tenant, changes nothing.
    case viewer
    /// The customer portal: only its own customer's orders, shipments and invoices.
    case customer
    /// Pushes events (`POST /v1/events`) for the origin the key names; reads nothing.
    case ingest

    /// The role's name, as configured.
    public var description: String { rawValue }

    /// Whether the role may read the portal API.
    public var readsPortal: Bool { self != .ingest }

    /// Whether the role may push events.
    public var pushesEvents: Bool { self == .ingest || self == .admin }
}
