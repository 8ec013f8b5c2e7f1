import Shared
import WireProtocol

/// Which events a route takes: by type, and optionally by tenant, site, origin agent and partner.
///
/// Every filter given must match; a filter lists one or more accepted values. `partner` compares the event's
/// `partner` extension attribute (set by EDI sources to the trading partner); an event without one does not match
/// a route that filters on it.
public struct RouteMatch: Sendable, Hashable {
    /// Accepted `type`s.
    public var types: Set<String>
    /// Accepted tenants; `nil` accepts any.
    public var tenants: Set<String>?
    /// Accepted sites; `nil` accepts any.
    public var sites: Set<String>?
    /// Accepted origin agents (the `agent` attribute; for events the aggregator originates, e.g. `erp`).
    public var agents: Set<String>?
    /// Accepted `partner` extension values; `nil` accepts any.
    public var partners: Set<String>?

    /// Creates a match.
    public init(
        types: Set<String>, tenants: Set<String>? = nil, sites: Set<String>? = nil, agents: Set<String>? = nil,
        partners: Set<String>? = nil
    ) {
        self.types = types
        self.tenants = tenants
        self.sites = sites
        self.agents = agents
        self.partners = partners
    }

    /// Reads `match:`; records a missing or malformed `type`.
    init(reader: ConfigReader) {
        func set(_ key: String) -> Set<String>? {
            let values = reader.stringList(key)
            return values.isEmpty ? nil : Set(values)
        }
        let types = reader.stringList("type")
        if types.isEmpty {
            reader.problem("type", "missing; give the event type this route takes, e.g. com.crossdock.shipment.confirmed.v1")
        }
        for type in types {
            if let problem = EventType(rawValue: type).problem {
                reader.problem("type", "\(problem)")
            }
        }
        self.init(
            types: Set(types), tenants: set("tenant"), sites: set("site"), agents: set("agent"),
            partners: set("partner"))
    }

    /// Whether `event` passes every filter.
    public func matches(_ event: CloudEvent) -> Bool {
        guard types.contains(event.type.rawValue) else { return false }
        if let tenants, !tenants.contains(event.identity.tenant) { return false }
        if let sites, !sites.contains(event.identity.site) { return false }
        if let agents, !agents.contains(event.identity.agent) { return false }
        if let partners {
            guard let partner = event.extensions["partner"]?.stringValue, partners.contains(partner) else { return false }
        }
        return true
    }
}
