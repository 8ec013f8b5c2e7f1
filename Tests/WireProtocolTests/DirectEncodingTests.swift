import Foundation
import Testing

@testable import WireProtocol

/// The payloads that build their JSON directly produce exactly what their `Encodable` conformance produces.
struct DirectEncodingTests {
    static let names = TestSupport.exampleNames().filter { !$0.hasPrefix("ack") && !$0.hasPrefix("status") }

    @Test(arguments: names)
    func directJSONEqualsCodableForExample(name: String) throws {
        let value = try TestSupport.example(name)
        for element in value.arrayValue ?? [value] {
            let event = try CloudEvent(json: element)
            guard let payloadType = event.type.payloadType, let data = event.data else { continue }
            let (direct, codable) = try Self.bothPaths(payloadType, data)
            #expect(direct.encoded() == codable.encoded(), "\(name): direct JSON differs from Encodable")
            #expect(direct.encoded() == data.encoded(), "\(name): encoding changed the data")
        }
    }

    @Test func hotPayloadsTakeTheDirectPath() {
        let types: [any EventPayload.Type] = [
            AdvanceShipNotice.self, Order.self, Shipment.self, InventoryAdjustment.self,
        ]
        for type in types { #expect(type is any JSONDirectEncodable.Type, "\(type) has no direct JSON") }
    }

    /// A payload with every optional member absent encodes the same on both paths.
    @Test func sparsePayloadsAgree() throws {
        let payloads: [any EventPayload] = [
            AdvanceShipNotice(asnNumber: "A", shipDate: LocalDate("2026-01-02")!),
            Order(orderNumber: "O", lines: [
                OrderLine(lineNumber: "1", item: ItemReference(), quantity: Quantity(value: 1, unit: .each))
            ]),
            Shipment(shipmentNumber: "S", shipDate: LocalDate("2026-01-02")!, packages: [Package()]),
        ]
        for payload in payloads {
            let direct = try JSONValueEncoder().encode(payload)
            let codable = try JSONValueEncoder().encodeThroughCodable(payload)
            #expect(direct.encoded() == codable.encoded(), "\(type(of: payload))")
        }
    }

    /// Decodes `data` as `P`, then encodes it directly and through `Encodable`.
    static func bothPaths<P: EventPayload>(_ type: P.Type, _ data: JSONValue) throws -> (JSONValue, JSONValue) {
        let payload = try JSONValueDecoder().decode(P.self, from: data)
        return (try JSONValueEncoder().encode(payload), try JSONValueEncoder().encodeThroughCodable(payload))
    }
}
