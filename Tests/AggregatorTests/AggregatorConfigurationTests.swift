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
