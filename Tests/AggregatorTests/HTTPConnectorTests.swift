import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The HTTP connector against a local server: headers, authentication, classification of answers and failures.
struct HTTPConnectorTests {
    /// A request for `payload` about a stored milestone event.
    static func request(payload: [UInt8], store: SQLiteEventStore) async throws -> JobRequest {
        let event = TestEvents.milestone(TestEvents.identity(of: TestPKI.agentA), sequence: 1)
        _ = try await store.appendCentral([event])
        let stored = try #require(try await store.event(source: event.source, id: event.id))
        return JobRequest(
            jobSequence: 1, destination: "tms", action: "post", businessKey: "SH-1", idempotencyKey: "cd1-test-key",
            payload: payload, attempt: 1, event: stored)
    }

    @Test func sendsIdempotencyKeyHeadersAndAnHMACSignatureOfTheBody() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer()
            let store = try SQLiteEventStore(path: "\(dir)/events.sqlite")
            let settings = HTTPConnectorSettings(
                url: server.url + "/hooks", headers: [("X-Tenant", try RouteTemplate("{{tenant}}/{{subject}}"))],
                authentication: .hmacSHA256(key: Secret("Jefe", origin: "test"), header: "X-Signature", prefix: "sha256="))
            let connector = HTTPConnector(name: "tms", settings: settings)
            // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?").
            let outcome = await connector.perform(
                try await Self.request(payload: Array("what do ya want for nothing?".utf8), store: store))
            #expect(outcome == .done(detail: "HTTP 200 OK (28 bytes sent)"))
            #expect(outcome.httpStatus == 200)
            let call = try #require(server.calls.first)
            #expect(call.path == "/hooks")
            #expect(call.method == "POST")
            #expect(call.idempotencyKey == "cd1-test-key")
            #expect(call.headers["x-tenant"] == "acme/SH-1")
            #expect(call.headers["x-signature"] == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
            #expect(call.headers["content-type"] == "application/json")
            await store.close()
            await server.stop()
        }
    }

    @Test func bearerAndBasicAuthentication() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer()
            let store = try SQLiteEventStore(path: "\(dir)/events.sqlite")
            let request = try await Self.request(payload: RoutedRequest(route: "r", path: "/a", body: ["x": 1]).payload, store: store)
            _ = await HTTPConnector(name: "tms", settings: HTTPConnectorSettings(url: server.url, authentication: .bearer(token: Secret("t0ken", origin: "test"))))
                .perform(request)
            _ = await HTTPConnector(
                name: "tms",
                settings: HTTPConnectorSettings(url: server.url, authentication: .basic(username: "crossdock", password: Secret("s3cret", origin: "test")))
            ).perform(request)
            let calls = server.calls
            #expect(calls.count == 2)
            #expect(calls.map(\.path) == ["/a", "/a"])
            #expect(calls.first?.body == "{\"x\":1}")
            #expect(calls.first?.headers["authorization"] == "Bearer t0ken")
            #expect(calls.last?.headers["authorization"] == "Basic " + Data("crossdock:s3cret".utf8).base64EncodedString())
            await store.close()
            await server.stop()
        }
    }

    @Test func answersAreClassified() async throws {
        try await withTemporaryDirectory { dir in
            let longBody = String(repeating: "é", count: 3000)
            let server = try await StandInServer { index, _ in
                [(201, "{}"), (404, "{\"error\":\"no such order\"}"), (429, "slow down"), (503, ""), (408, ""), (400, longBody)][index]
            }
            let store = try SQLiteEventStore(path: "\(dir)/events.sqlite")
            let request = try await Self.request(payload: RoutedRequest(route: "r", path: "/o").payload, store: store)
            let connector = HTTPConnector(name: "tms", settings: HTTPConnectorSettings(url: server.url, maxResponseBodyBytes: 1000))
            var outcomes: [ConnectorOutcome] = []
            for _ in 0..<6 { outcomes.append(await connector.perform(request)) }
            guard case .done = outcomes[0] else { Issue.record("201 is done: \(outcomes[0])"); return }
            #expect(outcomes[1] == .deadLetter(reason: "HTTP 404 Not Found: {\"error\":\"no such order\"}", responseBody: "{\"error\":\"no such order\"}"))
            for index in 2...4 {
                guard case .retry = outcomes[index] else { Issue.record("\(index) should be retried: \(outcomes[index])"); continue }
            }
            #expect(outcomes.map(\.httpStatus) == [201, 404, 429, 503, 408, 400])
            guard case .deadLetter(_, let body?) = outcomes[5] else { Issue.record("400 is a dead letter"); return }
            #expect(body.hasPrefix(String(repeating: "é", count: 500) + "…"))
            #expect(body.hasSuffix("(6000 bytes in all)"))
            await store.close()
            await server.stop()
        }
    }

    @Test func timeoutsAndRefusedConnectionsAreRetried() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer()
            server.delayAnswers(by: .seconds(1))
            let store = try SQLiteEventStore(path: "\(dir)/events.sqlite")
            let request = try await Self.request(payload: RoutedRequest(route: "r", path: "/slow").payload, store: store)
            let slow = await HTTPConnector(name: "tms", settings: HTTPConnectorSettings(url: server.url, timeout: .milliseconds(200)))
                .perform(request)
            guard case .retry(let reason) = slow else { Issue.record("a timeout is retried: \(slow)"); return }
            #expect(reason.contains("timed out"))
            let port = server.port
            await server.stop()
            let refused = await HTTPConnector(name: "tms", settings: HTTPConnectorSettings(url: "http://127.0.0.1:\(port)", timeout: .seconds(5)))
                .perform(request)
            guard case .retry = refused else { Issue.record("a refused connection is retried: \(refused)"); return }
            await store.close()
        }
    }
}
