import Foundation
import Testing
import WireProtocol

/// Every file in docs/examples decodes, validates, and re-encodes byte for byte.
struct ExampleRoundTripTests {
    static let names = TestSupport.exampleNames()

    @Test func examplesExistForEveryEventTypeAndMessage() throws {
        var types = Set<EventType>()
        for name in Self.names where !name.hasPrefix("ack") && !name.hasPrefix("status") {
            let value = try TestSupport.example(name)
            for event in value.arrayValue ?? [value] {
                if let type = event["type"]?.stringValue { types.insert(EventType(rawValue: type)) }
            }
        }
        #expect(
            Set(EventType.known.keys).isSubset(of: types), "missing: \(Set(EventType.known.keys).subtracting(types))")
        #expect(Self.names.contains("batch.json"))
        #expect(Self.names.contains("ack.json"))
        #expect(Self.names.contains { $0.hasPrefix("status") })
        #expect(Self.names.count >= 18)
    }

    @Test(arguments: names)
    func exampleReencodesByteForByte(name: String) throws {
        let bytes = try TestSupport.exampleBytes(name)
        var encoded: [UInt8]
        if name.hasPrefix("ack") {
            encoded = try AckMessage(jsonBytes: bytes).encoded(pretty: true)
        } else if name.hasPrefix("status") {
            encoded = try StatusMessage(jsonBytes: bytes).encoded(pretty: true)
        } else if name.hasPrefix("batch") {
            encoded = try CloudEventBatch(jsonBytes: bytes).encoded(pretty: true)
        } else {
            encoded = try CloudEvent(jsonBytes: bytes).encoded(pretty: true)
        }
        encoded.append(0x0A)
        #expect(encoded == bytes, "\(name) re-encoded differently:\n\(String(decoding: encoded, as: UTF8.self))")
        // The generic JSON layer alone is byte-stable too.
        var generic = try JSONValue.parse(bytes, limits: .batch).encoded(pretty: true)
        generic.append(0x0A)
        #expect(generic == bytes)
    }

    @Test(arguments: names.filter { !$0.hasPrefix("ack") && !$0.hasPrefix("status") })
    func typedPayloadKeepsEveryMember(name: String) throws {
        let value = try TestSupport.example(name)
        for element in value.arrayValue ?? [value] {
            let event = try CloudEvent(json: element)
            #expect(event.identity == TestSupport.identity)
            guard let payloadType = event.type.payloadType else {
                #expect(name.contains("partner") || name.contains("batch"))
                continue
            }
            // Typed decode → encode gives back exactly the data that was read: the model covers every member.
            let rebuilt = try reencode(event, as: payloadType)
            #expect(
                rebuilt.encoded() == event.data?.encoded(), "\(name): typed \(payloadType) drops or reorders members")
        }
    }

    private func reencode<P: EventPayload>(_ event: CloudEvent, as type: P.Type) throws -> JSONValue {
        let payload = try event.payload(as: type)
        let typed = try CloudEvent(
            id: event.id, source: event.source, type: event.type, subject: event.subject, time: event.time,
            identity: event.identity, sequence: event.sequence, correlationID: event.correlationID,
            traceParent: event.traceParent, payload: payload)
        return try #require(typed.data)
    }
}
