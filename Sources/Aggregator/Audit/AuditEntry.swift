/// One row of the append-only audit log: who did what to which target, when, and why.
///
/// Rows are only ever inserted (``AuditRecord``); the table refuses `UPDATE` and `DELETE` with a trigger, and no
/// code path issues either.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The log's own order (1, 2, 3, …).
    public var id: Int64
    /// When, as an RFC 3339 UTC timestamp.
    public var at: String
    /// The API key's name (never the key), or `system` for the aggregator itself.
    public var actor: String
    /// The key's role, when a key acted.
    public var role: String?
    /// The tenant the change concerns, when it concerns one.
    public var tenant: String?
    /// What was done.
    public var action: AuditAction
    /// What it was done to: `job 12`, `exception 4`, a configuration path.
    public var target: String
    /// The operator's comment, or a detail such as the configuration's digest.
    public var comment: String?
}

/// What to append to the audit log; the store adds the number and the time.
public struct AuditRecord: Sendable, Hashable {
    /// The API key's name, or `system`.
    public var actor: String
    /// The key's role.
    public var role: String?
    /// The tenant concerned.
    public var tenant: String?
    /// What was done.
    public var action: AuditAction
    /// What it was done to.
    public var target: String
    /// Why, or a detail.
    public var comment: String?

    /// Creates a record.
    public init(
        actor: String, role: String? = nil, tenant: String? = nil, action: AuditAction, target: String,
        comment: String? = nil
    ) {
        self.actor = actor
        self.role = role
        self.tenant = tenant
        self.action = action
        self.target = target
        self.comment = comment
    }

    /// A record of what `key` did.
    public init(key: APIKey, tenant: String?, action: AuditAction, target: String, comment: String? = nil) {
        self.init(actor: key.name, role: key.role.rawValue, tenant: tenant, action: action, target: target, comment: comment)
    }
}
