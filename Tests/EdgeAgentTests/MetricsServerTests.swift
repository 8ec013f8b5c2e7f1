@testable import EdgeAgent
import Shared
import Testing

/// The `/metrics` and `/healthz` responder over a real loopback socket.
struct MetricsServerTests {
    @Test func servesMetricsAndHealthAndRefusesTheRest() async throws {
        let server = try MetricsServer(
            host: "127.0.0.1", port: 0,
            render: { Array("# TYPE crossdock_test_total counter\ncrossdock_test_total 7\n".utf8) },
            health: { MetricsServer.Health(healthy: true, text: "ok") })
        let task = Task { try await server.run() }
        let metrics = try await HTTPGet.fetch(port: server.port, path: "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.headers.contains("Content-Type: text/plain; version=0.0.4"))
        #expect(metrics.body.contains("crossdock_test_total 7"))
        let health = try await HTTPGet.fetch(port: server.port, path: "/healthz?verbose=1")
        #expect(health.status == 200 && health.body == "ok\n")
        #expect(try await HTTPGet.fetch(port: server.port, path: "/admin").status == 404)
        #expect(try await HTTPGet.fetch(port: server.port, path: "/metrics", method: "POST").status == 405)
        task.cancel()
        try await task.value
    }

    @Test func anUnhealthyAgentAnswers503() async throws {
        let server = try MetricsServer(
            host: "127.0.0.1", port: 0, render: { [] },
            health: { MetricsServer.Health(healthy: false, text: "outbox unreadable") })
        let task = Task { try await server.run() }
        let health = try await HTTPGet.fetch(port: server.port, path: "/healthz")
        #expect(health.status == 503 && health.body.contains("outbox unreadable"))
        task.cancel()
        try await task.value
    }

    @Test(arguments: ["127.0.0.1:9464", "0.0.0.0:80", "off"])
    func listenSettingsAreRead(text: String) throws {
        let settings = try settings(listen: text)
        #expect(settings.description == text)
    }

    private func settings(listen: String) throws -> MetricsSettings {
        let document = try ConfigurationDocument.parse(yaml: "listen: \"\(listen)\"", path: "metrics.yaml")
        return try document.decode(MetricsSettings.init(reader:))
    }
}
