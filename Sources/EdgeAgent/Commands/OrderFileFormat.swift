/// How a folder sink writes an order for the WMS.
public enum OrderFileFormat: String, Sendable, CaseIterable {
    /// An X12 940 Warehouse Shipping Order interchange (`.edi`).
    case x12940 = "x12-940"
    /// CSV, one row per order line (`.csv`); see the columns in the documentation of the folder sink.
    case csv
    /// The canonical ``Order`` JSON exactly as the command carried it (`.json`).
    case json

    /// The file name extension.
    var fileExtension: String {
        switch self {
        case .x12940: "edi"
        case .csv: "csv"
        case .json: "json"
        }
    }
}
