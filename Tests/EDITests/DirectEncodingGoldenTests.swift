import Foundation
import Testing

@testable import WireProtocol

/// For every event in the EDI golden outputs, the payload's direct JSON equals what `Encodable` produces.
struct DirectEncodingGoldenTests {
    static let goldenFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CorpusFiles.golden.path)) ?? []
        return names.filter { $0.hasSuffix(".events.jsonl") }.sorted()
    }()

    @Test func goldenOutputsExist() {
        #expect(Self.goldenFiles.count >= 20)
    }

    @Test(arguments: goldenFiles)
    func directJSONEqualsCodable(file: String) throws {
        let text = try String(contentsOf: CorpusFiles.golden.appendingPathComponent(file), encoding: .utf8)
        // Event lines are JSON objects; the other lines of a golden file name problems.
        for line in text.split(separator: "\n") where line.hasPrefix("{") {
            let event = try JSONValue.parse(String(line))
            guard let type = event["type"]?.stringValue, let payloadType = EventType(rawValue: type).payloadType,
                let data = event["data"]
            else { continue }
            let payload = try JSONValueDecoder().decode(payloadType, from: data)
            let direct = try JSONValueEncoder().encode(payload)
            let codable = try JSONValueEncoder().encodeThroughCodable(payload)
            #expect(direct.encoded() == codable.encoded(), "\(file): direct JSON differs from Encodable")
            #expect(direct.encoded() == data.encoded(), "\(file): encoding changed the golden data")
            let bytes = try JSONValueEncoder().encodedBytes(payload)
            #expect(bytes == codable.encoded(), "\(file): JSON written as bytes differs from Encodable")
        }
    }

    /// Strings that need escaping, empty strings and empty arrays come out of the byte writer as the serialiser
    /// writes them.
    @Test func bytesEscapeAsTheSerializer() throws {
        var order = Order(
            orderNumber: "A\"B\\C\nD\u{01}\u{1F}é😀", purchaseOrderNumber: "",
            parties: [
                Party(role: PartyRole(rawValue: "ship-to"), name: "\t", address: Address(city: "", country: "US"))
            ],
            lines: [
                OrderLine(
                    lineNumber: "1", item: ItemReference(sku: "\r\u{08}\u{0C}"), description: "plain",
                    quantity: Quantity(value: DecimalNumber(-3), unit: UnitOfMeasure(rawValue: "EA")))
            ],
            notes: ["", "x\"y"])
        order.facility = "long enough to be stored out of line, with \\ and \" inside"
        let tree = try JSONValueEncoder().encode(order)
        #expect(try JSONValueEncoder().encodedBytes(order) == tree.encoded())
        #expect(JSONValueEncoder().encodesDirectly(order))
        let empty = Order(orderNumber: "1", parties: [], lines: [], notes: [])
        #expect(try JSONValueEncoder().encodedBytes(empty) == JSONValueEncoder().encode(empty).encoded())
    }
}
