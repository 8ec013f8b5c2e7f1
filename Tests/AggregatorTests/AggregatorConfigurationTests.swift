import Aggregator
import Shared
import Testing

struct AggregatorConfigurationTests {
    @Test func sharedSubscriptionGroupBecomesTheEventsFilter() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}}
            subscription: {shared_group: ingest}
            """, path: "aggregator.yaml")
        let configuration = try document.decode(AggregatorConfiguration.init(reader:))
        #expect(configuration.eventsFilter == "$share/ingest/crossdock/v1/+/+/+/events")
    }

    @Test func withoutAGroupItSubscribesAlone() throws {
        let configuration = try ConfigurationLoader.load(
            path: nil, environment: ["CROSSDOCK_BROKER__TLS__ENABLED": "false"], AggregatorConfiguration.init(reader:))
        #expect(configuration.eventsFilter == "crossdock/v1/+/+/+/events")
    }

    @Test func sharedSubscriptionsNeedMQTT5AndAValidGroup() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}, protocol: mqtt311}
            subscription: {shared_group: "in/gest"}
            """, path: "aggregator.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(AggregatorConfiguration.init(reader:)) }
        #expect(error.problems.count == 2)
        #expect(error.description.contains("contains the topic level separator '/'"))
        #expect(error.description.contains("shared subscriptions need MQTT 5"))
    }
}

/// `subscription.tenant` and `subscription.site`: instances on a broker without shared subscriptions split the load.
struct AggregatorPartitionTests {
    @Test func aTenantOrSiteNarrowsTheEventsFilter() throws {
        let tenant = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}, protocol: mqtt311}
            subscription: {tenant: acme}
            """, path: "aggregator.yaml")
        #expect(try tenant.decode(AggregatorConfiguration.init(reader:)).eventsFilter == "crossdock/v1/acme/+/+/events")
        let site = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}, protocol: auto}
            subscription: {tenant: acme, site: dal1}
            """, path: "aggregator.yaml")
        let configuration = try site.decode(AggregatorConfiguration.init(reader:))
        #expect(configuration.eventsFilter == "crossdock/v1/acme/dal1/+/events")
        #expect(configuration.summary.contains("subscribe: crossdock/v1/acme/dal1/+/events"))
    }

    @Test func aSiteNeedsItsTenantAndSharedGroupsNeedMQTT5() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}, protocol: auto}
            subscription: {site: "dal/1", shared_group: ingest}
            """, path: "aggregator.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(AggregatorConfiguration.init(reader:)) }
        #expect(Set(error.problems.map(\.keyPath)) == ["subscription.site", "subscription.shared_group"])
        #expect(error.description.contains("a site partition needs its tenant"))
        #expect(error.description.contains("shared subscriptions need MQTT 5"))
        let badTenant = try ConfigurationDocument.parse(yaml: """
            broker: {tls: {enabled: false}}
            subscription: {tenant: "ac+me"}
            """, path: "aggregator.yaml")
        let tenantError = try #require(throws: ConfigurationError.self) { try badTenant.decode(AggregatorConfiguration.init(reader:)) }
        #expect(tenantError.problems.map(\.keyPath) == ["subscription.tenant"])
    }
}
