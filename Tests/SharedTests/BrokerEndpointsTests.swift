import Testing

@testable import Shared

/// `broker.endpoints`, `broker.protocol: auto`, and the addresses they are made of.
struct BrokerEndpointsTests {
    @Test(arguments: [
        ("10.0.0.5:8883", "10.0.0.5", 8883), ("broker.example", "broker.example", 1883),
        (" n2.local:1884 ", "n2.local", 1884), ("[::1]:1885", "::1", 1885), ("[fd00::7]", "fd00::7", 1883),
    ])
    func parsesAddresses(text: String, host: String, port: Int) {
        #expect(MQTTEndpoint(parsing: text, defaultPort: 1883) == MQTTEndpoint(host: host, port: port))
    }

    @Test(arguments: ["", ":1883", "host:0", "host:70000", "host:port", "::1:1883", "[::1", "[::1]1883", "a b:1"])
    func rejectsNonAddresses(text: String) {
        #expect(MQTTEndpoint(parsing: text, defaultPort: 1883) == nil)
    }

    @Test func endpointsListEveryNodeInOrder() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            protocol: auto
            endpoints: ["127.0.0.1:21883", "127.0.0.1:21884", "localhost"]
            tls: {enabled: false}
            """, path: "b.yaml")
        let settings = try document.decode(BrokerSettings.init)
        #expect(settings.endpoints.map(\.description) == ["127.0.0.1:21883", "127.0.0.1:21884", "localhost:1883"])
        #expect(settings.host == "127.0.0.1" && settings.port == 21883)
        let client = settings.clientConfiguration(clientID: "agent")
        #expect(client.endpoints == settings.endpoints)
        #expect(client.protocolVersion == .v5)
        #expect(client.fallsBackToMQTT311)
        #expect(settings.endpointsDescription == "127.0.0.1:21883, 127.0.0.1:21884, localhost:1883")
    }

    @Test func hostAndPortStillMakeOneEndpoint() throws {
        let document = try ConfigurationDocument.parse(
            yaml: "host: 127.0.0.2\nport: 1999\nprotocol: mqtt311\ntls: {enabled: false}\n", path: "b.yaml")
        let settings = try document.decode(BrokerSettings.init)
        #expect(settings.endpoints == [MQTTEndpoint(host: "127.0.0.2", port: 1999)])
        let client = settings.clientConfiguration(clientID: "agent")
        #expect(client.fallbackEndpoints.isEmpty)
        #expect(client.protocolVersion == .v3_1_1)
        #expect(!client.fallsBackToMQTT311)
    }

    @Test func badEndpointListsAreReportedWithWhatToFix() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            host: 127.0.0.1
            endpoints: ["127.0.0.1:1883", "127.0.0.1:1883", "127.0.0.1:99999", "broker.example:1883"]
            tls: {enabled: false}
            """, path: "b.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(BrokerSettings.init) }
        let text = error.description
        #expect(text.contains("give either endpoints or host and port, not both"))
        #expect(text.contains("127.0.0.1:1883 is listed twice"))
        #expect(text.contains("entry 3 \"127.0.0.1:99999\" is not host:port"))
        #expect(text.contains("plain MQTT is allowed only to a loopback broker; enable TLS for broker.example"))

        let empty = try ConfigurationDocument.parse(yaml: "endpoints: []\ntls: {enabled: false}\n", path: "b.yaml")
        let emptyError = try #require(throws: ConfigurationError.self) { try empty.decode(BrokerSettings.init) }
        #expect(emptyError.problems.map(\.keyPath) == ["endpoints"])
    }
}
