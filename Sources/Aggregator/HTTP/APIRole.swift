/// What an API key may do.
///
/// `admin` does everything; `operator` also replays and resolves; `viewer` only reads; `customer` reads only its
/// portal; `ingest` only pushes events.
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

    /// Whether the role may read the admin API (events, traces, exceptions, agents, connectors, tenants).
    public var readsAdmin: Bool { self == .admin || self == .operator || self == .viewer }

    /// Whether the role may replay dead letters and acknowledge or resolve exceptions.
    public var operates: Bool { self == .admin || self == .operator }

    /// Whether the role may read the audit log.
    public var readsAudit: Bool { self == .admin }

    /// Whether the role may push events.
    public var pushesEvents: Bool { self == .ingest || self == .admin }
}
