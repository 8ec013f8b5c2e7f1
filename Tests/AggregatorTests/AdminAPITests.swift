import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The admin API over the real HTTP server and a real SQLite store: filters, roles, operator actions and their
/// audit, and that no tenant key ever sees or changes another tenant's rows.
struct AdminAPITests {
    typealias F = AdminFixture

    @Test func eventsAreFilteredByTypeSiteKeyAndTimeAndPaged() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let all = try await api.get("/v1/admin/events", key: F.acmeViewer.token)
            #expect(all.status == 200)
            #expect(F.strings(all.json, "events", "tenant") == ["acme", "acme", "acme"])
            let orders = try await api.get("/v1/admin/events?type=com.crossdock.order.created.v1", key: F.acmeViewer.token)
            #expect(F.strings(orders.json, "events", "subject") == ["SO-2"])
            let byKey = try await api.get("/v1/admin/events?key=SH-1&site=dc1", key: F.acmeViewer.token)
            #expect(F.strings(byKey.json, "events", "type") == ["com.crossdock.shipment.confirmed.v1"])
            let later = try await api.get("/v1/admin/events?from=2026-03-02T00:00:00Z", key: F.acmeViewer.token)
            #expect(F.strings(later.json, "events", "subject") == ["SH-1"])
            let before = try await api.get("/v1/admin/events?to=2026-03-02T00:00:00Z", key: F.acmeViewer.token)
            #expect(F.strings(before.json, "events", "subject") == ["SO-1", "SO-2"])
            let first = try await api.get("/v1/admin/events?limit=2", key: F.acmeViewer.token)
            let next = try #require(first.json["next"]?.numberValue?.int64Value)
            let second = try await api.get("/v1/admin/events?limit=2&after=\(next)", key: F.acmeViewer.token)
            #expect(F.strings(first.json, "events", "subject") + F.strings(second.json, "events", "subject") == ["SO-1", "SH-1", "SO-2"])
            #expect(second.json["next"] == nil)
            let sequence = try #require(F.numbers(first.json, "events", "storeSequence").first)
            let one = try await api.get("/v1/admin/events/\(sequence)", key: F.acmeViewer.token)
            #expect(one.json["event"]?["data"]?["orderNumber"] == "SO-1")
            let partner = try await api.get("/v1/admin/events", key: F.partner.token)
            #expect(Set(F.strings(partner.json, "events", "tenant")) == ["acme", "globex"])
            await api.stop()
        }
    }

    @Test func aTenantKeyNeverSeesAnotherTenantsRows() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let globexEvents = try await api.get("/v1/admin/events", key: F.globexOperator.token)
            let globexEvent = try #require(F.numbers(globexEvents.json, "events", "storeSequence").first)
            let globexExceptions = try await api.get("/v1/admin/exceptions", key: F.globexOperator.token)
            let globexException = try #require(F.numbers(globexExceptions.json, "exceptions", "id").first)
            let globexDead = try await api.get("/v1/admin/dead-letters", key: F.globexOperator.token)
            let globexJob = try #require(F.numbers(globexDead.json, "deadLetters", "job").first)
            for key in [F.acmeAdmin.token, F.acmeOperator.token, F.acmeViewer.token] {
                // Lists hold only acme's rows.
                for (path, list, field) in [
                    ("/v1/admin/events", "events", "tenant"), ("/v1/admin/exceptions", "exceptions", "tenant"),
                    ("/v1/admin/dead-letters", "deadLetters", "tenant"), ("/v1/admin/agents", "agents", "tenant"),
                    ("/v1/admin/tenants", "tenants", "tenant"),
                ] {
                    let response = try await api.get(path, key: key)
                    #expect(response.status == 200, "\(path)")
                    let tenants = F.strings(response.json, list, field)
                    #expect(!tenants.isEmpty && tenants.allSatisfy { $0 == "acme" }, "\(path): \(tenants)")
                }
                // Another tenant's rows do not exist for the key.
                for path in ["/v1/admin/events/\(globexEvent)", "/v1/admin/trace/G-SO-7"] {
                    let response = try await api.get(path, key: key)
                    #expect(response.status == 404, "\(path)")
                }
                // Naming another tenant is forbidden, on every read.
                for path in [
                    "/v1/admin/events", "/v1/admin/exceptions", "/v1/admin/dead-letters", "/v1/admin/agents",
                    "/v1/admin/connectors", "/v1/admin/flow", "/v1/admin/tenants", "/v1/admin/trace/G-SO-7",
                ] {
                    let response = try await api.get(path + "?tenant=globex", key: key)
                    #expect(response.status == 403, "\(path)?tenant=globex")
                }
            }
            // Changing another tenant's exception or job: 404, and nothing changes.
            let body = Array(#"{"comment":"not mine"}"#.utf8)
            for path in [
                "/v1/admin/exceptions/\(globexException)/acknowledge", "/v1/admin/exceptions/\(globexException)/resolve",
                "/v1/admin/dead-letters/\(globexJob)/replay",
            ] {
                let response = try await api.send("POST", path, key: F.acmeOperator.token, body: body, contentType: "application/json")
                #expect(response.status == 404, "\(path)")
            }
            let after = try await api.get("/v1/admin/exceptions", key: F.globexOperator.token)
            #expect(F.strings(after.json, "exceptions", "state") == ["open"])
            let dead = try await api.get("/v1/admin/dead-letters", key: F.globexOperator.token)
            #expect(F.numbers(dead.json, "deadLetters", "job") == [globexJob])
            // Connector counts are per tenant too: acme has 2 jobs (SO-1 done-or-pending, SO-2 dead).
            let connectors = try await api.get("/v1/admin/connectors", key: F.acmeViewer.token)
            #expect(connectors.json["connectors"]?[0]?["dead"] == 1)
            #expect(connectors.json["connectors"]?[0]?["pending"] == 1)
            #expect(connectors.json["connectors"]?[0]?["circuit"] == "closed")
            let audit = try await api.get("/v1/admin/audit", key: F.partner.token)
            #expect(audit.json["entries"]?.arrayValue?.isEmpty == true)
            await api.stop()
        }
    }

    @Test func rolesDecideWhoReadsAndWhoChanges() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            for key in [F.acmeCustomer.token, F.acmeIngest.token] {
                for path in ["/v1/admin/events", "/v1/admin/exceptions", "/v1/admin/agents", "/v1/admin/audit"] {
                    let response = try await api.get(path, key: key)
                    #expect(response.status == 403, "\(path)")
                    #expect(response.json["error"] == "forbidden")
                }
            }
            let unauthenticated = try await api.get("/v1/admin/events", key: nil)
            #expect(unauthenticated.status == 401)
            let exceptions = try await api.get("/v1/admin/exceptions", key: F.acmeViewer.token)
            let id = try #require(F.numbers(exceptions.json, "exceptions", "id").first)
            let dead = try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token)
            let job = try #require(F.numbers(dead.json, "deadLetters", "job").first)
            let comment = Array(#"{"comment":"fixed the item master"}"#.utf8)
            // A viewer changes nothing.
            for path in ["/v1/admin/exceptions/\(id)/acknowledge", "/v1/admin/exceptions/\(id)/resolve", "/v1/admin/dead-letters/\(job)/replay"] {
                let response = try await api.send("POST", path, key: F.acmeViewer.token, body: comment, contentType: "application/json")
                #expect(response.status == 403, "\(path)")
            }
            let audit = try await api.get("/v1/admin/audit", key: F.acmeViewer.token)
            #expect(audit.status == 403)
            #expect(try await api.get("/v1/admin/audit", key: F.acmeOperator.token).status == 403)
            // An operator acknowledges, then resolves (a comment is required), once.
            let acknowledged = try await api.send("POST", "/v1/admin/exceptions/\(id)/acknowledge", key: F.acmeOperator.token)
            #expect(acknowledged.status == 200)
            #expect(acknowledged.json["state"] == "acknowledged")
            let bare = try await api.send("POST", "/v1/admin/exceptions/\(id)/resolve", key: F.acmeOperator.token)
            #expect(bare.status == 400)
            let resolved = try await api.send(
                "POST", "/v1/admin/exceptions/\(id)/resolve", key: F.acmeOperator.token, body: comment, contentType: "application/json")
            #expect(resolved.status == 200)
            #expect(resolved.json["state"] == "resolved")
            #expect(resolved.json["comment"] == "fixed the item master")
            #expect(resolved.json["updatedBy"] == "acme-operator")
            let again = try await api.send("POST", "/v1/admin/exceptions/\(id)/acknowledge", key: F.acmeOperator.token)
            #expect(again.status == 409)
            // An operator replays the dead letter; a second replay finds nothing dead.
            let replayed = try await api.send("POST", "/v1/admin/dead-letters/\(job)/replay", key: F.acmeOperator.token)
            #expect(replayed.status == 200)
            #expect(replayed.json["replayed"] == [.number(DecimalNumber(job))])
            let twice = try await api.send("POST", "/v1/admin/dead-letters/\(job)/replay", key: F.acmeOperator.token)
            #expect(twice.status == 409)
            let left = try await api.get("/v1/admin/dead-letters", key: F.acmeViewer.token)
            #expect(left.json["deadLetters"]?.arrayValue?.isEmpty == true)
            // The admin reads who did what.
            let log = try await api.get("/v1/admin/audit", key: F.acmeAdmin.token)
            #expect(log.status == 200)
            #expect(F.strings(log.json, "entries", "action") == ["replay", "exception.resolve", "exception.acknowledge"])
            #expect(Set(F.strings(log.json, "entries", "actor")) == ["acme-operator"])
            #expect(Set(F.strings(log.json, "entries", "tenant")) == ["acme"])
            #expect(log.json["entries"]?[1]?["comment"] == "fixed the item master")
            #expect(log.json["entries"]?[0]?["target"] == .string("job \(job)"))
            await api.stop()
        }
    }

    @Test func badRequestsGetAClearFourHundredAndChangeNothing() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let injections = ["' OR 1=1 --", "acme' --", "%27%20OR%20%271%27%3D%271", "../../etc/passwd", "\"; DROP TABLE events; --"]
            for text in injections {
                let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                for parameter in ["type", "site", "key"] {
                    let response = try await api.get("/v1/admin/events?\(parameter)=\(encoded)", key: F.acmeViewer.token)
                    #expect(response.status == 200)
                    #expect(response.json["events"]?.arrayValue?.isEmpty == true, "\(parameter)=\(text)")
                }
                for path in ["/v1/admin/events?tenant=\(encoded)", "/v1/admin/events?limit=\(encoded)",
                             "/v1/admin/events?from=\(encoded)", "/v1/admin/exceptions?state=\(encoded)",
                             "/v1/admin/exceptions/\(encoded)/acknowledge", "/v1/admin/events/\(encoded)"] {
                    let method = path.hasSuffix("acknowledge") ? "POST" : "GET"
                    let response = try await api.send(method, path, key: F.acmeAdmin.token)
                    #expect((400..<500).contains(response.status), "\(path)")
                    #expect(response.json["detail"]?.stringValue?.isEmpty == false, "\(path)")
                }
                let trace = try await api.get("/v1/admin/trace/\(encoded)", key: F.acmeViewer.token)
                #expect(trace.status == 404)
            }
            let exceptions = try await api.get("/v1/admin/exceptions", key: F.acmeViewer.token)
            let id = try #require(F.numbers(exceptions.json, "exceptions", "id").first)
            let open = F.numbers(exceptions.json, "exceptions", "id")
            for body in ["{not json", "[1,2]", #"{"comment": 5}"#, "{\"comment\": \"" + String(repeating: "x", count: 3000) + "\"}"] {
                let response = try await api.send(
                    "POST", "/v1/admin/exceptions/\(id)/resolve", key: F.acmeOperator.token, body: Array(body.utf8),
                    contentType: "application/json")
                #expect(response.status == 400, "\(body.prefix(20))")
            }
            let huge = try await api.send(
                "POST", "/v1/admin/exceptions/\(id)/resolve", key: F.acmeOperator.token,
                body: Array(repeating: UInt8(ascii: " "), count: 64 << 10), contentType: "application/json")
            #expect(huge.status == 413)
            let counts = try await api.store.counts()
            #expect(counts.events == 4)
            let still = try await api.get("/v1/admin/exceptions?state=open", key: F.acmeViewer.token)
            #expect(F.numbers(still.json, "exceptions", "id") == open)
            #expect(try await api.get("/v1/admin/audit", key: F.acmeAdmin.token).json["entries"]?.arrayValue?.isEmpty == true)
            await api.stop()
        }
    }

    @Test func traceShowsEventsJobsAndFlowCountsTypes() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await F.start(dir)
            let trace = try await api.get("/v1/admin/trace/SO-2", key: F.acmeViewer.token)
            #expect(trace.status == 200)
            #expect(F.strings(trace.json, "events", "type") == ["com.crossdock.order.created.v1"])
            #expect(F.strings(trace.json, "jobs", "state") == ["dead"])
            #expect(trace.json["jobs"]?[0]?["destination"] == "erp")
            let flow = try await api.get("/v1/admin/flow", key: F.partner.token)
            let counts = Dictionary(
                uniqueKeysWithValues: (flow.json["eventTypes"]?.arrayValue ?? []).compactMap { item -> (String, Int64)? in
                    guard let type = item["type"]?.stringValue, let count = item["count"]?.numberValue?.int64Value else { return nil }
                    return (type, count)
                })
            #expect(
                counts == [
                    "com.crossdock.order.created.v1": 1, "com.crossdock.order.released.v1": 2,
                    "com.crossdock.shipment.confirmed.v1": 1,
                ])
            let tenants = try await api.get("/v1/admin/tenants", key: F.partner.token)
            #expect(F.strings(tenants.json, "tenants", "tenant") == ["acme", "globex"])
            #expect(tenants.json["tenants"]?[1]?["openExceptions"] == 1)
            await api.stop()
        }
    }
}
