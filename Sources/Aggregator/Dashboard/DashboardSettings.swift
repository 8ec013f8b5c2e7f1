import Shared
import WireProtocol

/// The `dashboard` section: the partner's branding on every page, and each tenant's on its customers' portal.
///
/// ```yaml
/// dashboard:
///   branding:                       # the partner's brand: operator pages, and portal pages of tenants without one
///     name: Northwind Logistics
///     logo_url: https://northwind.example/logo.svg
///     primary_color: "#0f766e"
///     accent_color: "#f59e0b"
///     support_email: support@northwind.example
///   tenants:                        # a tenant's own brand on its customers' portal pages
///     acme: {name: Acme Supply, primary_color: "#b91c1c"}
///   secure_cookies: true            # mark the session cookie Secure (behind HTTPS)
/// ```
///
/// The pages are served with the HTTP API (`http.listen`); without this section they use neutral branding.
public struct DashboardSettings: Sendable, Hashable {
    /// The partner's branding.
    public var branding: Branding
    /// Per-tenant branding for portal pages.
    public var tenantBranding: [String: Branding]
    /// Whether the session cookie carries `Secure`.
    public var secureCookies: Bool

    /// Creates settings with neutral branding.
    public init(branding: Branding = Branding(), tenantBranding: [String: Branding] = [:], secureCookies: Bool = false) {
        self.branding = branding
        self.tenantBranding = tenantBranding
        self.secureCookies = secureCookies
    }

    /// Reads the `dashboard` section.
    public init(reader: ConfigReader) {
        self.init()
        let section = reader
        if section.contains("branding") {
            branding = Branding(reader: section.section("branding"), base: branding)
        }
        let tenants = section.section("tenants")
        for tenant in tenants.keys {
            if let problem = AgentIdentity.identifierProblem(tenant, role: "tenant") { tenants.problem(tenant, problem) }
            tenantBranding[tenant] = Branding(reader: tenants.section(tenant), base: branding)
        }
        secureCookies = section.bool("secure_cookies", default: false)
    }

    /// The branding of a tenant's portal pages: its own, or the partner's.
    public func portalBranding(tenant: String) -> Branding {
        tenantBranding[tenant] ?? branding
    }
}
