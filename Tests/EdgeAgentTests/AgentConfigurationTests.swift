import EdgeAgent
import Shared
import Testing
import WireProtocol

struct AgentConfigurationTests {
    @Test func embeddedDefaultsWithIdentityFromTheEnvironment() throws {
        let configuration = try ConfigurationLoader.load(path: nil, environment: [
            "CROSSDOCK_IDENTITY__TENANT": "acme", "CROSSDOCK_IDENTITY__SITE": "dc1", "CROSSDOCK_IDENTITY__AGENT": "wms-1",
            "CROSSDOCK_BROKER__TLS__ENABLED": "false",
        ], AgentConfiguration.init(reader:))
        #expect(configuration.identity == (try AgentIdentity(tenant: "acme", site: "dc1", agent: "wms-1")))
        #expect(configuration.broker.port == 1883)
        #expect(configuration.outbox.quotaBytes == 1 << 30)
        #expect(configuration.summary.contains("crossdock/v1/acme/dc1/wms-1/events"))
    }

    @Test func everyProblemIsReportedWithItsKeyPath() throws {
        let document = try ConfigurationDocument.parse(yaml: """
            identity:
              tenant: "ac+me"
              site: dc1
            broker:
              port: 0
              tls: {enabled: false}
            outbox:
              quota: 10KiB
            log:
              format: xml
            """, path: "agent.yaml")
        let error = try #require(throws: ConfigurationError.self) { try document.decode(AgentConfiguration.init(reader:)) }
        #expect(error.problems.map(\.keyPath).sorted() == [
            "broker.port", "identity.agent", "identity.tenant", "log.format", "outbox.quota",
        ])
        #expect(error.description.contains("identity.tenant (agent.yaml:2): tenant \"ac+me\" contains the MQTT wildcard '+'"))
        #expect(error.description.contains("outbox.quota (agent.yaml:8): expected a size such as 4096, 64KiB, 512MiB or 2GiB between 1 MiB and"))
    }
}
