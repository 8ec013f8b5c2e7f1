import Shared
import WireProtocol

extension AggregatorConfiguration {
    /// Reads `subscription.tenant` and `subscription.site`: the events filter narrowed to one tenant, or one site
    /// of it (`crossdock/v1/{tenant}/{site}/+/events`), so that aggregator instances on a broker without shared
    /// subscriptions each take a part of the agents. Overlapping parts are harmless (the store deduplicates), gaps
    /// are not: every agent must fall in some instance's part.
    static func readPartition(_ subscription: ConfigReader) -> TopicFilter {
        let tenant = subscription.string("tenant")
        let site = subscription.string("site")
        if site != nil, tenant == nil {
            subscription.problem("site", "a site partition needs its tenant; set subscription.tenant as well")
            return .allEvents
        }
        guard tenant != nil else { return .allEvents }
        do {
            return try TopicFilter.channel(.events, tenant: tenant, site: site)
        } catch {
            subscription.problem(site == nil ? "tenant" : "site", "\(error)")
            return .allEvents
        }
    }
}
