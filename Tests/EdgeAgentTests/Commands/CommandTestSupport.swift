import EdgeAgent
import WireProtocol

/// Commands as the aggregator sends them.
enum TestCommands {
    static let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a")

    static let order = Order(
        orderNumber: "SO-10042", purchaseOrderNumber: "PO-77", orderDate: LocalDate("2026-11-26"),
        parties: [
            Party(
                role: .shipTo, name: "Northwind, \"Retail\"",
                address: Address(lines: ["1 Dock Rd"], city: "Dallas", region: "TX", postalCode: "75201", country: "US")
            )
        ],
        requestedShipDate: LocalDate("2026-11-30"), carrier: CarrierService(scac: "UPSN"), facility: "DAL1",
        lines: [
            OrderLine(
                lineNumber: "1", item: ItemReference(sku: "SKU-1"), description: "Widget",
                quantity: Quantity(value: 12, unit: .each)),
            OrderLine(
                lineNumber: "2", item: ItemReference(sku: "SKU-2", gtin: "00614141000012"),
                quantity: Quantity(value: DecimalNumber("2.5")!, unit: .case)),
        ])

    static func released(id: String = "release-SO-10042-1", order: Order = order) -> CloudEvent {
        try! CloudEvent(
            id: id, source: "/acme/aggregator/orchestration", type: .orderReleased, subject: order.orderNumber,
            time: ZonedDateTime("2026-11-27T09:00:00Z")!, identity: identity, sequence: 1,
            correlationID: order.orderNumber, payload: order)
    }

    static func batch(_ events: CloudEvent...) -> [UInt8] {
        CloudEventBatch(events).encoded()
    }
}
