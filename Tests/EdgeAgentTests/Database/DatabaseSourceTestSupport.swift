import EdgeAgent
import WireProtocol

/// Row mapping used by the database source tests: `order_number`, `sku`, `quantity` → `order.created`.
enum TestRowMapping {
    struct MissingColumn: Error, CustomStringConvertible {
        var description: String
    }

    static let mapper: DatabaseSource.RowMapper = { row in
        guard let number = row["order_number"]?.textValue, !number.isEmpty else {
            throw MissingColumn(description: "order_number is empty: an order needs its number")
        }
        let quantity = row["quantity"]?.textValue ?? "1"
        let order = Order(
            orderNumber: number, parties: [Party(role: .shipTo, name: "Test")],
            lines: [
                OrderLine(
                    lineNumber: "1", item: ItemReference(sku: row["sku"]?.textValue ?? "SKU"),
                    quantity: Quantity(value: DecimalNumber(quantity) ?? 1, unit: .each))
            ])
        return DatabaseSource.MappedRow(
            type: .orderCreated, subject: number, correlationID: number, data: try JSONValueEncoder().encode(order))
    }

    static let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a")
}
