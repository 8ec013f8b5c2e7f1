/// One configured API key: who it is, what it may see and do. The key itself is kept only as its SHA-256.
public struct APIKey: Sendable, Hashable, CustomStringConvertible {
    /// Which tenants a key sees.
    public enum Scope: Sendable, Hashable, CustomStringConvertible {
        /// One tenant's data only.
        case tenant(String)
        /// Every tenant the partner runs (`partner_wide: true`).
        case partner

        /// `tenant acme` or `partner-wide`.
        public var description: String {
            switch self {
            case .tenant(let tenant): "tenant \(tenant)"
            case .partner: "partner-wide"
            }
        }

        /// Whether the key may see `tenant`.
        public func allows(_ tenant: String) -> Bool {
            switch self {
            case .tenant(let own): own == tenant
            case .partner: true
            }
        }
    }

    /// A name for logs and the audit trail (never the key).
    public var name: String
    /// The tenants it sees.
    public var scope: Scope
    /// What it may do.
    public var role: APIRole
    /// The system it speaks for when it pushes events (its events' `agent` becomes this name).
    public var origin: SystemOfRecordOrigin?
    /// For ``APIRole/customer`` keys: the customer's party identifier; the key sees only orders whose sold-to (or,
    /// without one, bill-to) party carries it.
    public var customer: String?
    /// SHA-256 of the key.
    public var sha256: [UInt8]

    /// Creates a key record.
    public init(
        name: String, scope: Scope, role: APIRole, origin: SystemOfRecordOrigin? = nil, customer: String? = nil,
        sha256: [UInt8]
    ) {
        self.name = name
        self.scope = scope
        self.role = role
        self.origin = origin
        self.customer = customer
        self.sha256 = sha256
    }

    /// `name (role, scope)`: safe to log.
    public var description: String { "\(name) (\(role), \(scope))" }
}
