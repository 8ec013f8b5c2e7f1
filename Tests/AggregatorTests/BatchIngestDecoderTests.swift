import Aggregator
import CrossdockTesting
import Testing
import WireProtocol

/// Reading messages into events and exceptions: every problem kept, the right reason, nothing thrown.
struct BatchIngestDecoderTests {
    let topic = "crossdock/v1/acme/dc1/agent-a/events"
    let identity = TestEvents.identity(of: TestPKI.agentA)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let payload: String
        let reason: ExceptionReason
        let sequence: UInt64?
        let fragments: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "not JSON", payload: "this is not JSON", reason: .unreadableBatch, sequence: nil,
            fragments: ["byte"]),
        Case(
            name: "not an array", payload: #"{"a":1}"#, reason: .unreadableBatch, sequence: nil,
            fragments: ["expected a batch"]),
        Case(
            name: "truncated", payload: #"[{"specversion":"1.0""#, reason: .unreadableBatch, sequence: nil,
            fragments: ["byte"]),
        Case(
            name: "not an object", payload: "[42]", reason: .invalidEvent, sequence: nil, fragments: ["$[0]"]),
        Case(
            name: "wrong types and missing attributes",
            payload: #"[{"specversion":"1.0","id":17,"source":"/s","type":"com.crossdock.order.created.v1","#
                + #""tenant":"acme","site":"dc1","agent":"agent-a","sequence":"nine"}]"#,
            reason: .invalidEvent, sequence: nil,
            fragments: ["$[0].id", "$[0].sequence", "$[0].time", "$[0].data"]),
        Case(
            name: "bad data of a known type",
            payload: #"[{"specversion":"1.0","id":"a","source":"/s","type":"com.crossdock.order.created.v1","#
                + #""time":"2026-12-01T07:12:00Z","tenant":"acme","site":"dc1","agent":"agent-a","sequence":5,"#
                + #""data":{"orderNumber":5,"lines":[]}}]"#,
            reason: .invalidEvent, sequence: 5, fragments: ["$[0].data.orderNumber", "$[0].data.parties"]),
        Case(
            name: "another agent's identity",
            payload: #"[{"specversion":"1.0","id":"a","source":"/s","type":"com.example.thing.happened.v1","#
                + #""time":"2026-12-01T07:12:00Z","tenant":"acme","site":"dc2","agent":"agent-b","sequence":6}]"#,
            reason: .identityMismatch, sequence: 6, fragments: ["$[0].site", "$[0].agent", "does not match"]),
        Case(
            name: "unknown crossdock type",
            payload: #"[{"specversion":"1.0","id":"a","source":"/s","type":"com.crossdock.order.teleported.v1","#
                + #""time":"2026-12-01T07:12:00Z","tenant":"acme","site":"dc1","agent":"agent-a","sequence":8}]"#,
            reason: .unknownEventType, sequence: 8, fragments: ["$[0].type", "unknown crossdock event type"]),
    ]

    @Test(arguments: cases)
    func malformedInputBecomesAnExceptionWithEveryProblem(_ input: Case) {
        let batch = BatchIngestDecoder().decode(
            topic: topic, payload: Array(input.payload.utf8), receivedAtMilliseconds: 1)
        #expect(batch.events.isEmpty)
        #expect(batch.identity == identity)
        let exception = batch.exceptions.first
        #expect(batch.exceptions.count == 1)
        #expect(exception?.reason == input.reason)
        #expect(exception?.sequence == input.sequence)
        let problems = exception?.problemsJSON ?? ""
        for fragment in input.fragments {
            #expect(problems.contains(fragment), "\(fragment) missing in \(problems)")
        }
    }

    @Test func validEventsAndPartnerTypesAreKeptInOrderBesideExceptions() {
        var partner = TestEvents.milestone(identity, sequence: 2)
        partner.type = "com.example.return.requested.v1"
        partner.data = ["anything": "goes"]
        let events = [
            TestEvents.milestone(identity, sequence: 1), partner, TestEvents.milestone(identity, sequence: 4),
        ]
        var text = String(decoding: CloudEventBatch(events).encoded(), as: UTF8.self)
        text.removeLast()
        text += #",{"specversion":"1.0"}]"#
        let batch = BatchIngestDecoder().decode(topic: topic, payload: Array(text.utf8), receivedAtMilliseconds: 1)
        #expect(batch.events.map(\.event.sequence) == [1, 2, 4])
        #expect(batch.events[0].raw == events[0].encoded())
        #expect(batch.exceptions.map(\.reason) == [.invalidEvent])
        #expect(batch.exceptions.first?.problemsJSON.contains("$[3]") == true)
    }

    @Test func eventsKeepTheBytesTheyArrivedAs() throws {
        let plain = TestEvents.milestone(identity, sequence: 1)
        var tricky = TestEvents.milestone(identity, sequence: 2)
        tricky.subject = #"a "quoted" ], {subject} \ with, commas"#
        let payload = CloudEventBatch([plain, tricky]).encoded(pretty: true)
        let batch = BatchIngestDecoder().decode(topic: topic, payload: payload, receivedAtMilliseconds: 1)
        #expect(batch.events.count == 2)
        let text = String(decoding: payload, as: UTF8.self)
        for (incoming, original) in zip(batch.events, [plain, tricky]) {
            #expect(try CloudEvent(jsonBytes: incoming.raw) == original)
            #expect(incoming.raw.first == UInt8(ascii: "{") && incoming.raw.last == UInt8(ascii: "}"))
            #expect(text.contains(String(decoding: incoming.raw, as: UTF8.self)))
        }
    }

    @Test func bytesAreCutWhereTheParserFoundEachElementAfterAByteOrderMarkAndBesideARejectedOne() throws {
        let first = CloudEventBatch([TestEvents.milestone(identity, sequence: 1)]).encoded().dropFirst().dropLast()
        let second = CloudEventBatch([TestEvents.milestone(identity, sequence: 2)]).encoded().dropFirst().dropLast()
        let payload: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("[ \n".utf8) + first + Array(" ,\t{\"not\": \"an event\"} ,\r\n".utf8) + second
            + Array("\n]".utf8)
        let batch = BatchIngestDecoder().decode(topic: topic, payload: payload, receivedAtMilliseconds: 1)
        #expect(batch.events.map(\.raw) == [Array(first), Array(second)])
        #expect(batch.exceptions.map(\.raw) == [Array(#"{"not": "an event"}"#.utf8)])
    }

    @Test func theStorePolicyKeepsUnknownCrossdockTypesAsEvents() {
        var event = TestEvents.milestone(identity, sequence: 1)
        event.type = "com.crossdock.shipment.milestone.v2"
        let batch = BatchIngestDecoder(unknownEventTypes: .store).decode(
            topic: topic, payload: CloudEventBatch([event]).encoded(), receivedAtMilliseconds: 1)
        #expect(batch.events.count == 1)
        #expect(batch.exceptions.isEmpty)
    }

    @Test func aTopicOutsideTheSchemeIsAnExceptionWithoutIdentity() {
        let batch = BatchIngestDecoder().decode(
            topic: "crossdock/v1/acme/dc1/agent-a/status", payload: Array("[]".utf8), receivedAtMilliseconds: 1)
        #expect(batch.identity == nil)
        #expect(batch.exceptions.map(\.reason) == [.invalidTopic])
    }

    @Test func repeatsOfTheSameBadInputShareTheirDedupKeyAndRawIsCapped() {
        let decoder = BatchIngestDecoder(maxExceptionBytes: 8)
        let payload = Array("not JSON at all, and long".utf8)
        let first = decoder.decode(topic: topic, payload: payload, receivedAtMilliseconds: 1).exceptions[0]
        let again = decoder.decode(topic: topic, payload: payload, receivedAtMilliseconds: 2).exceptions[0]
        let other = decoder.decode(topic: topic, payload: payload + [0x20], receivedAtMilliseconds: 2).exceptions[0]
        #expect(first.dedupKey == again.dedupKey)
        #expect(first.dedupKey != other.dedupKey)
        #expect(first.raw == Array(payload.prefix(8)))
        #expect(first.rawSize == payload.count)
        #expect(first.isTruncated)
    }
}
