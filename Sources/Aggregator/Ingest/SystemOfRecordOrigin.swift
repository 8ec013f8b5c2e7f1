/// A kind of system that publishes events, as the system-of-record rules know it.
///
/// An API key names the origin it speaks for (`api_keys[].origin`); an MQTT agent's origin comes from the
/// `systems.agents` mapping (``SystemOfRecordRules``), `wms` by default.
public enum SystemOfRecordOrigin: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    /// The ERP: masters customers, items, pricing, financial dimensions and invoice status.
    case erp
    /// A warehouse management system: the authority for inventory movements and warehouse events.
    case wms
    /// A transport management system: shipment planning, carrier selection, freight milestones.
    case tms
    /// The customer portal: the experience layer; it reads, it does not master.
    case portal
    /// An eCommerce shop that pushes the orders its customers place.
    case ecommerce
    /// A carrier reporting tracking milestones and freight invoices (a tracking webhook, 214/210 files).
    case carrier
    /// A trading partner's EDI documents (850 orders, 855 acknowledgements, 856 notices) through an agent.
    case edi

    /// The origin's name, as configured.
    public var description: String { rawValue }

    /// Orders by name, for stable messages.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
