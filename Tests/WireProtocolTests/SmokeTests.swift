import Foundation
import Testing
import WireProtocol

struct SmokeTests {
    @Test func typedEventRoundTrips() throws {
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        let order = Order(
            orderNumber: "SO-1001",
            parties: [Party(role: .shipTo, name: "Store 12", address: Address(lines: ["1 Main St"], city: "Dallas", region: "TX", postalCode: "75201", country: "US"))],
            lines: [OrderLine(lineNumber: "1", item: ItemReference(sku: "SKU-1"), quantity: Quantity(value: DecimalNumber("1.50")!, unit: .each), unitPrice: DecimalNumber("12")!)])
        let event = try CloudEvent(
            id: EventIDBuilder.tableRow(table: "orders", primaryKey: "1001", version: "3"), source: "/acme/dal1/agent-1/erp",
            type: .orderCreated, subject: "SO-1001", time: ZonedDateTime("2026-11-27T09:15:00.250-05:00")!,
            identity: identity, sequence: 1, payload: order)
        let bytes = event.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"value\":1.50"))
        let decoded = try CloudEvent(jsonBytes: bytes)
        #expect(decoded == event)
        #expect(decoded.encoded() == bytes)
        #expect(try decoded.payload(as: Order.self) == order)
    }
}
