import Foundation
import Testing
import WireProtocol

/// The CloudEvents envelope: attributes, unknown members, typed payloads.
struct EnvelopeTests {
    let identity = TestSupport.identity
    let time = ZonedDateTime("2026-11-27T09:15:00.250-06:00")!

    @Test func unknownAttributesAndDataArePreserved() throws {
        let bytes = try TestSupport.exampleBytes("partner-event.json")
        let event = try CloudEvent(jsonBytes: bytes)
        #expect(event.type.isKnown == false)
        #expect(event.extensions.keys == ["partnerchannel", "priority"])
        #expect(event.extensions["priority"] == 2)
        #expect(event.data?["amount"]?.numberValue?.text == "120.50")
        #expect(event.data?["flags"]?["note"] == .null)
        var reencoded = event.encoded(pretty: true)
        reencoded.append(0x0A)
        #expect(reencoded == bytes)
        // Compact form too.
        #expect(try CloudEvent(jsonBytes: event.encoded()).encoded() == event.encoded())
    }

    @Test func preEncodedDataIsWrittenAsTheTreeWouldBe() throws {
        let partner = try CloudEvent(jsonBytes: try TestSupport.exampleBytes("partner-event.json"))
        let data: JSONValue = [
            "note": .string("line 1\n\"quoted\" \\ tab\t é"),
            "lines": [1, .number(DecimalNumber("2.50")!), .null, true, [:], []],
            "nested": ["empty": .string(""), "deep": [["a": .bool(false)]]],
        ]
        let traced = CloudEvent(
            id: "e-1", source: "/acme/dal1/agent-1/edi/inbound", type: EventType(noun: "test", verb: "spliced"),
            time: time, identity: identity, sequence: CloudEvent.maxSequence, correlationID: "PO-9",
            traceParent: TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            dataContentType: nil, dataSchema: "https://example.com/asn.json", extensions: ["priority": 2, "id": "x"],
            data: data)
        for event in [partner, traced] {
            var envelope = event
            envelope.data = nil
            let spliced = envelope.encoded(data: try #require(event.data).encoded())
            #expect(spliced == event.encoded())
            #expect(try CloudEvent(jsonBytes: spliced).encoded() == spliced)
        }
    }

    @Test func typedPayloadRoundTrip() throws {
        let milestone = TrackingMilestone(
            proNumber: "07714432111", statusCode: "D1", eventTime: ZonedDateTime("2026-12-02T10:04:00-06:00")!,
            location: MilestoneLocation(city: "Dallas", region: "TX", country: "US"), signedBy: "J. DOE")
        let event = try CloudEvent(
            id: EventIDBuilder.ediTransaction(
                sender: "ODFL", receiver: "ACMEDAL", interchangeControlNumber: "51277",
                groupControlNumber: "51277", transactionControlNumber: "0007"),
            source: "/acme/dal1/agent-1/edi/inbound", type: .shipmentMilestone, subject: "07714432111", time: time,
            identity: identity, sequence: 42, payload: milestone)
        let decoded = try CloudEvent(jsonBytes: event.encoded())
        #expect(decoded == event)
        let typed = try decoded.payload(as: TrackingMilestone.self)
        #expect(typed == milestone)
        #expect(typed.eventTime.offsetSeconds == -21_600)
    }

    @Test func payloadTypeMustMatchEventType() throws {
        let order = Order(
            orderNumber: "SO-1",
            lines: [
                OrderLine(lineNumber: "1", item: ItemReference(sku: "A"), quantity: Quantity(value: 1, unit: .each))
            ])
        let error = try #require(throws: WireProtocolError.self) {
            try CloudEvent(
                id: "x", source: "/s", type: .shipmentConfirmed, time: time, identity: identity, sequence: 1,
                payload: order)
        }
        #expect(error.code == .payloadTypeMismatch)
        let event = try CloudEvent(
            id: "x", source: "/s", type: .orderReleased, time: time, identity: identity, sequence: 1, payload: order)
        let mismatch = try #require(throws: WireProtocolError.self) { try event.payload(as: Shipment.self) }
        #expect(mismatch.code == .payloadTypeMismatch)
        #expect(mismatch.description.contains("carries Order"))
        #expect(try event.payload(as: Order.self) == order)
        let empty = try CloudEvent(
            id: "y", source: "/s", type: .orderCreated, time: time, identity: identity, sequence: 2,
            payload: Order(orderNumber: "SO-2"))
        let rules = try #require(throws: WireProtocolError.self) { try empty.payload(as: Order.self) }
        #expect(
            rules.problems.map(\.description) == [
                "$.data.lines: lines must not be empty: an order has at least one line"
            ])
    }

    @Test func everyProblemIsReportedNotJustTheFirst() throws {
        let value = TestSupport.adjustmentEvent
            .setting("id", to: "")
            .setting("sequence", to: 0)
            .setting("tenant", to: "a+b")
            .setting("time", to: "today")
            .setting("traceparent", to: "nope")
            .setting(["data", "delta", "value"].map { .key($0) }, to: "ten")
            .setting(["data", "facility"].map { .key($0) }, to: nil)
            .setting(["data", "item"].map { .key($0) }, to: 5)
            .setting("source", to: nil)
        let error = try #require(throws: WireProtocolError.self) { try CloudEvent(json: value) }
        let paths = error.problems.map(\.path.description)
        #expect(
            Set(paths) == [
                "$.id", "$.sequence", "$.tenant", "$.time", "$.traceparent", "$.source", "$.data.delta.value",
                "$.data.facility", "$.data.item",
            ], "\(error)")
        #expect(error.description.contains("9 problems"))
        #expect(
            error.problems.contains {
                $0.description == #"$.data.delta.value: expected a decimal number, found string "ten""#
            })
    }

    @Test func batchReportsEveryProblemOfEveryEvent() throws {
        let good = TestSupport.adjustmentEvent
        let lines: [JSONPath.Component] = [.key("data"), .key("lines"), .index(2), .key("quantity"), .key("value")]
        let order = try TestSupport.example("order-created.json")
        var orderLines = order["data"]?["lines"]?.arrayValue ?? []
        orderLines.append(orderLines[0])
        let badOrder = order.setting(["data", "lines"].map { .key($0) }, to: .array(orderLines)).setting(
            lines, to: "ten")
        let batch: JSONValue = [
            good, good.setting("sequence", to: 10), .null, badOrder.setting("sequence", to: "x"), good,
        ]
        let result = try CloudEventBatch.decodeEach(batch.bytes)
        #expect(result.events.count == 3)
        #expect(result.rejected.map(\.index) == [2, 3])
        #expect(
            result.problems.map(\.description) == [
                "$[2]: expected an event object, found null",
                #"$[3].sequence: expected an integer from 1 to 9223372036854775807, found string "x""#,
                #"$[3].data.lines[2].quantity.value: expected a decimal number, found string "ten""#,
            ])
        #expect(result.rejected[1].sequence == nil)
        #expect(result.rejected[1].id == "row:sales_order:SO-1001:1")
        let strict = try #require(throws: WireProtocolError.self) { try CloudEventBatch(jsonBytes: batch.bytes) }
        #expect(strict.problems.count == 3)
        #expect(CloudEventBatch.problems(in: batch.bytes).count == 3)
    }

    @Test func rejectedEventsKeepTheirSequenceForTheAck() throws {
        let bad = TestSupport.adjustmentEvent.setting(["data", "delta"].map { .key($0) }, to: nil).setting(
            "sequence", to: 77)
        let result = try CloudEventBatch.decodeEach(JSONValue.array([bad]).bytes)
        #expect(result.rejected.first?.sequence == 77)
        #expect(result.rejected.first?.raw == bad)
    }

    @Test func batchesEncodeDeterministically() throws {
        let events = try (1...3).map { sequence in
            try CloudEvent(
                json: TestSupport.adjustmentEvent.setting("sequence", to: .number(DecimalNumber(Int64(sequence)))))
        }
        let batch = CloudEventBatch(events)
        let bytes = batch.encoded()
        #expect(bytes == CloudEventBatch(events).encoded())
        #expect(try CloudEventBatch(jsonBytes: bytes) == batch)
        #expect(CloudEventBatch([]).encoded() == Array("[]".utf8))
        #expect(CloudEventBatch.contentType == "application/cloudevents-batch+json")
    }

    @Test func dataValidationCanBeTurnedOff() throws {
        let value = TestSupport.adjustmentEvent.setting(["data", "delta"].map { .key($0) }, to: "nonsense")
        #expect(throws: WireProtocolError.self) { try CloudEvent(json: value) }
        let event = try CloudEvent(json: value, options: CloudEventDecodingOptions(validatesData: false))
        #expect(event.data?["delta"] == "nonsense")
    }

    @Test func nullOptionalAttributesMeanAbsent() throws {
        let event = try CloudEvent(
            json: TestSupport.adjustmentEvent.setting("subject", to: .null).setting("traceparent", to: .null))
        #expect(event.subject == nil && event.traceParent == nil)
    }

    @Test func eventsNestInCodableTypes() throws {
        struct OutboxRow: Codable, Equatable {
            var rowID: Int
            var event: CloudEvent
        }
        let row = OutboxRow(rowID: 7, event: try CloudEvent(jsonBytes: TestSupport.exampleBytes("partner-event.json")))
        let json = try JSONValueEncoder().encode(row)
        #expect(json["event"] == row.event.jsonValue)
        #expect(try JSONValueDecoder().decode(OutboxRow.self, from: json) == row)
        // Foundation's coders work too; numbers come back equal by value.
        let data = try JSONEncoder().encode(row)
        let decoded = try JSONDecoder().decode(OutboxRow.self, from: data)
        #expect(decoded.event.data?["amount"] == row.event.data?["amount"])
        #expect(decoded.event.id == row.event.id)
        // A bad nested event reports its problems at their full paths, with the row's own problems.
        let bad = json.setting(["event", "sequence"].map { .key($0) }, to: 0).setting("rowID", to: "seven")
        let error = try #require(throws: WireProtocolError.self) {
            try JSONValueDecoder().decode(OutboxRow.self, from: bad)
        }
        #expect(Set(error.problems.map(\.path.description)) == ["$.rowID", "$.event.sequence"], "\(error)")
    }

    @Test func eventTypes() {
        #expect(EventType.shipmentConfirmed.rawValue == "com.crossdock.shipment.confirmed.v1")
        #expect(EventType.known.count == 15)
        #expect(EventType.orderCreated.payloadType == Order.self)
        #expect(EventType.ediAcknowledged.payloadType == FunctionalAcknowledgement.self)
        #expect(EventType(noun: "order", verb: "created", version: 2).crossdockParts?.version == 2)
        #expect(EventType(noun: "order", verb: "created", version: 2).isKnown == false)
        #expect(EventType("com.example.thing.happened").problem == nil)
        #expect(EventType("com.crossdock.order").problem != nil)
        #expect(EventType("com.crossdock.order.created.v01").problem != nil)
        for (type, payload) in EventType.known {
            #expect(payload.eventTypes.contains(type))
        }
    }

    @Test func eventIDsAreDeterministicAndInjective() {
        let first = EventIDBuilder.fileRecord(fileIdentity: "dev1-ino2", offset: 4096)
        #expect(first == "file:dev1-ino2:4096")
        #expect(first == EventIDBuilder.fileRecord(fileIdentity: "dev1-ino2", offset: 4096))
        #expect(EventIDBuilder.fileRecord(fileIdentity: "a:b", offset: 1) == "file:a%3Ab:1")
        #expect(EventIDBuilder.fileRecord(fileIdentity: "a", offset: 1, index: 2) == "file:a:1:2")
        #expect(EventIDBuilder.tableRow(table: "orders", primaryKey: "7", version: "3") == "row:orders:7:3")
        #expect(
            EventIDBuilder.tableRow(table: "a:b", primaryKey: "c", version: "1")
                != EventIDBuilder.tableRow(table: "a", primaryKey: "b:c", version: "1"))
        #expect(
            EventIDBuilder.ediTransaction(
                sender: "ACME", receiver: "CROSSDOCK", interchangeControlNumber: "000000123",
                groupControlNumber: "45", transactionControlNumber: "0001")
                == "edi:ACME:CROSSDOCK:000000123:45:0001")
        #expect(EventIDBuilder.make(kind: "x", parts: ["a b", "é", "100%"]) == "x:a%20b:%C3%A9:100%25")
    }

    @Test func traceParents() throws {
        let parent = try #require(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(parent.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parent.parentID == "00f067aa0ba902b7")
        #expect(parent.isSampled)
        #expect(TraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future") != nil)
        #expect(TraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01") == nil)
        #expect(
            TraceParent(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", parentID: "00f067aa0ba902b7", sampled: false)?
                .isSampled == false)
    }

    @Test func ssccCheckDigits() {
        #expect(SSCC("106141412345678908") != nil, "GS1's published example")
        #expect(SSCC("106141412345678907") == nil)
        #expect(SSCC(withoutCheckDigit: "00614141100000001")?.rawValue == "006141411000000019")
        #expect(SSCC("00614141100000001A") == nil)
    }

    @Test func currencyCodes() {
        #expect(CurrencyCode("EUR") == .eur)
        #expect(CurrencyCode("eur") == nil)
        #expect(CurrencyCode("EURO") == nil)
    }
}
