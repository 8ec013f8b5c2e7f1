import Aggregator
import CrossdockTesting
import Foundation
import Testing
import WireProtocol

/// `POST /v1/events` against the real HTTP server and a real SQLite store.
struct InboundEventsTests {
    static let shop = TestKeys.key("shop", tenant: "acme", role: .ingest, origin: .ecommerce)
    static let carrier = TestKeys.key("carrier", tenant: "acme", role: .ingest, origin: .carrier)
    static let portal = TestKeys.key("portal", tenant: "acme", role: .ingest, origin: .portal)
    static let viewer = TestKeys.key("viewer", tenant: "acme", role: .viewer)
    static let keys = [shop.key, carrier.key, portal.key, viewer.key]

    /// An order as an eCommerce shop pushes it: no agent, no sequence, no site.
    static func shopOrder(_ number: String, tenant: String = "acme") -> JSONValue {
        var events = OrderEvents(tenant: tenant)
        var object = events.order(number, customer: "C-9", lines: [("1", "SKU-1", 2)]).encodedValue
        for name in ["agent", "sequence", "site"] { object.removeValue(forKey: name) }
        object["source"] = .string("https://shop.example.com/orders")
        object["id"] = .string("order-\(number)")
        return .object(object)
    }

    @Test func eventsAreStoredForTheKeysOriginWithSequencesAndDuplicatesAreRecognised() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            let batch = JSONValue.array([Self.shopOrder("W-1"), Self.shopOrder("W-2")]).encoded()
            let first = try await api.send("POST", "/v1/events", key: Self.shop.token, body: batch)
            #expect(first.status == 202)
            #expect(first.json["stored"] == 2)
            #expect(first.json["results"]?[0]?["status"] == "stored")
            #expect(first.json["results"]?[1]?["sequence"] == 2)
            let stored = try #require(try await api.store.event(source: "https://shop.example.com/orders", id: "order-W-2"))
            #expect(stored.identity.description == "acme/central/ecommerce")
            #expect(stored.sequence == 2)
            // The same order again, alone: a duplicate, stored once.
            let again = try await api.send(
                "POST", "/v1/events", key: Self.shop.token, body: Self.shopOrder("W-1").encoded(),
                contentType: CloudEvent.contentType)
            #expect(again.status == 202)
            #expect(again.json["duplicates"] == 1)
            #expect(again.json["results"]?[0]?["status"] == "duplicate")
            #expect(try await api.store.counts().events == 2)
            // The projection sees the pushed orders like any other.
            try await api.projection.catchUp()
            #expect(try await api.store.portalOrder(tenant: "acme", number: "W-1", customer: nil)?.state == .created)
            await api.stop()
        }
    }

    @Test func invalidEventsAreRejectedWithEveryProblemAndKeptAsExceptions() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            var broken = Self.shopOrder("W-3").objectValue!
            broken["time"] = .string("yesterday")
            var data = broken["data"]!.objectValue!
            data["lines"] = .array([])
            broken["data"] = .object(data)
            let body = JSONValue.array([Self.shopOrder("W-4"), .object(broken)]).encoded()
            let response = try await api.send("POST", "/v1/events", key: Self.shop.token, body: body)
            #expect(response.status == 202)
            #expect(response.json["stored"] == 1)
            #expect(response.json["rejected"] == 1)
            let rejected = try #require(response.json["results"]?[1])
            #expect(rejected["status"] == "rejected")
            #expect(rejected["reason"] == "invalid-event")
            let paths = rejected["problems"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
            #expect(paths.contains("$[1].time"))
            #expect(paths.contains { $0.hasPrefix("$[1].data.lines") })
            let exceptions = try await api.store.exceptions(.invalidEvent)
            try #require(exceptions.count == 1)
            #expect(exceptions[0].identity?.description == "acme/central/ecommerce")
            #expect(exceptions[0].topic.contains("key shop"))
            // A body that is not JSON: 400 with a JSON error, and kept too.
            let garbage = try await api.send("POST", "/v1/events", key: Self.shop.token, body: Array("{nope".utf8))
            #expect(garbage.status == 400)
            #expect(garbage.json["error"] == "invalid-request")
            #expect(try await api.store.exceptions(.unreadableBatch).count == 1)
            await api.stop()
        }
    }

    @Test func anotherTenantsEventIsForbiddenAndNothingIsStored() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            let body = JSONValue.array([Self.shopOrder("W-5"), Self.shopOrder("W-6", tenant: "globex")]).encoded()
            let response = try await api.send("POST", "/v1/events", key: Self.shop.token, body: body)
            #expect(response.status == 403)
            #expect(response.json["error"] == "forbidden")
            #expect(response.json["detail"]?.stringValue?.contains("globex") == true)
            #expect(try await api.store.counts() == EventStoreCounts(events: 0, exceptions: 0, jobs: 0))
            await api.stop()
        }
    }

    @Test func keysWithoutTheRightRoleOrNoKeyAreRefused() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            let body = Self.shopOrder("W-7").encoded()
            let none = try await api.send("POST", "/v1/events", body: body, contentType: CloudEvent.contentType)
            #expect(none.status == 401)
            #expect(none.json["error"] == "unauthorized")
            let wrong = try await api.send(
                "POST", "/v1/events", key: "not-a-key-at-all-0000", body: body, contentType: CloudEvent.contentType)
            #expect(wrong.status == 401)
            let viewer = try await api.send(
                "POST", "/v1/events", key: Self.viewer.token, body: body, contentType: CloudEvent.contentType)
            #expect(viewer.status == 403)
            let text = try await api.send("POST", "/v1/events", key: Self.shop.token, body: body, contentType: "text/plain")
            #expect(text.status == 415)
            #expect(try await api.store.counts().events == 0)
            await api.stop()
        }
    }

    @Test func aMasteredWriteFromTheWrongOriginIsASystemOfRecordException() async throws {
        try await withTemporaryDirectory { dir in
            let api = try await RunningAPI(storePath: dir + "/events.sqlite", keys: Self.keys)
            var events = OrderEvents(tenant: "acme")
            let invoice = events.invoice("INV-9", order: "W-1").encodedValue
            // The portal reads; it may not issue an invoice (the ERP masters invoice status).
            let fromPortal = try await api.send(
                "POST", "/v1/events", key: Self.portal.token, body: JSONValue.object(invoice).encoded(),
                contentType: CloudEvent.contentType)
            #expect(fromPortal.status == 202)
            #expect(fromPortal.json["results"]?[0]?["reason"] == "system-of-record")
            // A carrier may report milestones.
            let milestone = events.milestone("SH-1", code: "X6", at: "2026-03-03T08:00:00Z").encodedValue
            let fromCarrier = try await api.send(
                "POST", "/v1/events", key: Self.carrier.token, body: JSONValue.object(milestone).encoded(),
                contentType: CloudEvent.contentType)
            #expect(fromCarrier.json["results"]?[0]?["status"] == "stored")
            let violations = try await api.store.exceptions(.systemOfRecord)
            try #require(violations.count == 1)
            #expect(violations[0].problemsJSON.contains("invoice.issued.v1 (invoice status) may be published only by erp"))
            #expect(try await api.store.counts().events == 1)
            await api.stop()
        }
    }
}

extension CloudEvent {
    /// The event as a JSON object, as a client would send it.
    var encodedValue: JSONObject {
        (try? JSONValue.parse(encoded()))?.objectValue ?? JSONObject()
    }
}
