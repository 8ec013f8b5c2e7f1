import CrossdockTesting
import EdgeAgent
import Foundation
import Shared
import Testing
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// The `crossdock-agent run` process on a real TLS broker: a command from the aggregator becomes a file for the WMS
/// and its outcome comes back on the agent's events topic.
struct AgentCommandProcessTests {
    @Test func aCommandFromTheAggregatorLandsAsAFileAndItsOutcomeIsForwarded() async throws {
        try await TestBroker.withBroker(.tls) { broker in
            try await withTemporaryDirectory { directory in
                let inbound = directory + "/inbound"
                try FileManager.default.createDirectory(atPath: inbound, withIntermediateDirectories: false)
                let pki = try #require(broker.pki)
                let certificate = try #require(pki.clients[TestPKI.agentA])
                try """
                identity: {tenant: acme, site: dc1, agent: agent-a}
                broker:
                  host: \(broker.host)
                  port: \(broker.port)
                  tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(certificate.certificateFile), \
                key_file: \(certificate.keyFile)}
                outbox: {path: \(directory)/outbox.sqlite}
                metrics: {listen: "127.0.0.1:0"}
                commands:
                  sinks:
                    - {name: wms-inbound, command: com.crossdock.order.released.v1, type: folder, \
                path: \(inbound), format: csv}
                """.write(toFile: "\(directory)/agent.yaml", atomically: true, encoding: .utf8)
                let acknowledger = try await TestAcknowledger.start(broker: broker)
                let agent = try ChildProcess.spawn(
                    executable: try ProductExecutable.path("crossdock-agent"),
                    arguments: ["run", "--config", "\(directory)/agent.yaml"], outputFile: "\(directory)/agent.log")
                defer { agent.send(SIGKILL) }

                let topic = Topic(identity: TestCommands.identity, channel: .commands).name
                let message = TestCommands.batch(TestCommands.released())
                try await MQTTClient.withClient(configuration: broker.clientConfiguration(identity: TestPKI.aggregator))
                {
                    aggregator in
                    try await aggregator.connect()
                    // Until the agent has subscribed, commands find no subscriber: repeat (bounded) until one lands.
                    for _ in 0..<600 where try FileManager.default.contentsOfDirectory(atPath: inbound).isEmpty {
                        try await aggregator.publish(topic: topic, payload: message, qos: .atLeastOnce)
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    try await aggregator.publish(topic: topic, payload: message, qos: .atLeastOnce)
                }
                let arrived = await acknowledger.waitForDistinct(1, within: .seconds(20))
                #expect(arrived, "no outcome event arrived; agent log:\n\(Self.log(directory))")
                agent.send(SIGTERM)
                #expect(try await waitForExit(agent, within: .seconds(15)) == 0)
                await acknowledger.stop()

                let files = try FileManager.default.contentsOfDirectory(atPath: inbound)
                #expect(files.count == 1, "\(files)")
                #expect(files.first?.hasPrefix("SO-10042_") == true && files.first?.hasSuffix(".csv") == true)
                let deliveries = acknowledger.deliveries
                #expect(Set(deliveries.map(\.id)) == ["command:/acme/aggregator/orchestration:release-SO-10042-1"])
                #expect(deliveries.allSatisfy { $0.source == "/acme/dc1/agent-a/commands" })
            }
        }
    }

    static func log(_ directory: String) -> String {
        (try? String(contentsOfFile: directory + "/agent.log", encoding: .utf8)) ?? "(no log)"
    }
}
