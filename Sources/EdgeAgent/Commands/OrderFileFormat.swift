import WireProtocol

/// How a folder sink writes a command's document: an order for the WMS (`order.released`) or a load tender for
/// the TMS (`shipment.tendered`).
public enum OrderFileFormat: String, Sendable, CaseIterable {
    /// An X12 940 Warehouse Shipping Order interchange (`.edi`), from `order.released`.
    case x12940 = "x12-940"
    /// An X12 204 Motor Carrier Load Tender interchange (`.edi`), from `shipment.tendered`.
    case x12204 = "x12-204"
    /// CSV, one row per order line (`.csv`); see the columns in the documentation of the folder sink.
    case csv
    /// The command's canonical `data` JSON exactly as it came (`.json`), for any command type.
    case json

    /// The file name extension.
    var fileExtension: String {
        switch self {
        case .x12940, .x12204: "edi"
        case .csv: "csv"
        case .json: "json"
        }
    }

    /// The command type this format is written from; `nil` when it suits any.
    public var commandType: EventType? {
        switch self {
        case .x12940, .csv: .orderReleased
        case .x12204: .shipmentTendered
        case .json: nil
        }
    }
}
