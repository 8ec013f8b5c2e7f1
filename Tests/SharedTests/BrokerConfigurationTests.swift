import Shared
import Testing

/// Rendering of `mosquitto.conf` and the ACL file.
@Suite struct BrokerConfigurationTests {
    @Test func tlsConfigurationHasExplicitLimitsAndCertificateIdentity() {
        let configuration = BrokerConfiguration(
            port: 18883,
            tls: .init(caFile: "/pki/ca.crt", certificateFile: "/pki/server.crt", keyFile: "/pki/server.key"),
            aclFile: "/etc/crossdock/acl", maxQueuedMessages: 50_000, persistence: .directory("/var/lib/crossdock"),
            log: .file("/var/log/crossdock/broker.log"))
        let lines = Set(configuration.render().split(separator: "\n").map(String.init))
        for expected in [
            "listener 18883 127.0.0.1", "cafile /pki/ca.crt", "certfile /pki/server.crt", "keyfile /pki/server.key",
            "require_certificate true", "use_identity_as_username true", "allow_anonymous false",
            "max_queued_messages 50000", "max_inflight_messages 1000", "acl_file /etc/crossdock/acl",
            "persistence true", "persistence_location /var/lib/crossdock/",
            "log_dest file /var/log/crossdock/broker.log",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }

    @Test func plainTestConfigurationAllowsAnonymousWithoutPersistence() {
        let text = BrokerConfiguration(port: 1883, user: "root").render()
        #expect(text.contains("allow_anonymous true\n"))
        #expect(text.contains("persistence false\n"))
        #expect(text.contains("user root\n"))
        #expect(!text.contains("cafile"))
    }

    @Test func aclConfinesAgentsByIdentityAndListsEachAggregator() {
        let text = BrokerACL(aggregators: ["crossdock-aggregator", "aggregator-2"]).render()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("pattern write crossdock/v1/%u/events"))
        #expect(lines.contains("pattern write crossdock/v1/%u/status"))
        #expect(lines.contains("pattern read crossdock/v1/%u/acks"))
        #expect(lines.contains("pattern read crossdock/v1/%u/commands"))
        #expect(lines.filter { $0 == "topic read crossdock/v1/+/+/+/events" }.count == 2)
        #expect(lines.contains("user aggregator-2"))
        #expect(!lines.contains { $0.hasPrefix("pattern") && $0.contains("%c") })
    }
}
