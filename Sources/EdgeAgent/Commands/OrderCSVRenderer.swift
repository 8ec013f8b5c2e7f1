import WireProtocol

/// Writes an ``Order`` as CSV for a WMS import: a header, then one row per order line with the order's header
/// fields repeated (RFC 4180 quoting, CRLF line ends).
///
/// Columns: `event_id`, `order_number`, `purchase_order_number`, `order_date`, `requested_ship_date`,
/// `requested_delivery_date`, `facility`, `carrier_scac`, `ship_to_name`, `ship_to_address`, `ship_to_city`,
/// `ship_to_region`, `ship_to_postal_code`, `ship_to_country`, `line_number`, `sku`, `gtin`, `description`,
/// `quantity`, `unit`.
enum OrderCSVRenderer {
    /// The header row's column names.
    static let columns = [
        "event_id", "order_number", "purchase_order_number", "order_date", "requested_ship_date",
        "requested_delivery_date", "facility", "carrier_scac", "ship_to_name", "ship_to_address", "ship_to_city",
        "ship_to_region", "ship_to_postal_code", "ship_to_country", "line_number", "sku", "gtin", "description",
        "quantity", "unit",
    ]

    /// The CSV bytes of `order`, released by the command `eventID`.
    static func render(_ order: Order, eventID: String) -> [UInt8] {
        let shipTo = order.parties.first { $0.role == .shipTo }
        let header: [String?] = [
            eventID, order.orderNumber, order.purchaseOrderNumber, order.orderDate?.description,
            order.requestedShipDate?.description, order.requestedDeliveryDate?.description, order.facility,
            order.carrier?.scac, shipTo?.name, shipTo?.address?.lines.joined(separator: ", "), shipTo?.address?.city,
            shipTo?.address?.region, shipTo?.address?.postalCode, shipTo?.address?.country,
        ]
        var text = line(columns)
        for orderLine in order.lines {
            text += line(
                header + [
                    orderLine.lineNumber, orderLine.item.sku, orderLine.item.gtin, orderLine.description,
                    orderLine.quantity.value.description, orderLine.quantity.unit.rawValue,
                ])
        }
        return Array(text.utf8)
    }

    private static func line(_ fields: [String?]) -> String {
        fields.map { quoted($0 ?? "") }.joined(separator: ",") + "\r\n"
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
