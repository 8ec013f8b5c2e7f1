import Shared

/// How a file's bytes are split into records.
public enum RecordFormat: Sendable, Hashable, CustomStringConvertible {
    /// One JSON object per line.
    case jsonLines
    /// CSV with a header row; `delimiter` separates fields (`,` by default), `"` quotes them.
    case csv(delimiter: UInt8)
    /// A whole JSON document: one object, or an array of objects (folder source only).
    case json

    /// The name used in the configuration.
    public var description: String {
        switch self {
        case .jsonLines: "jsonl"
        case .csv: "csv"
        case .json: "json"
        }
    }

    /// Reads the CSV `delimiter` (one character, or `tab`); `,` by default.
    static func readDelimiter(_ reader: ConfigReader) -> UInt8 {
        let delimiterText = reader.string("delimiter", default: ",")
        if delimiterText == "\\t" || delimiterText == "tab" || delimiterText == "\t" { return UInt8(ascii: "\t") }
        if delimiterText.utf8.count == 1, let byte = delimiterText.utf8.first, byte != UInt8(ascii: "\"") {
            return byte
        }
        reader.problem("delimiter", "expected one character such as , ; | or tab, found \"\(delimiterText)\"")
        return UInt8(ascii: ",")
    }

    /// Reads `format` (and `delimiter` for CSV) from a source's section.
    static func read(_ reader: ConfigReader, allowed: [String], default defaultValue: String) -> RecordFormat {
        let name = reader.string("format", default: defaultValue)
        guard allowed.contains(name) else {
            reader.problem("format", "expected one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), found \"\(name)\"")
            return .jsonLines
        }
        let delimiter = readDelimiter(reader)
        switch name {
        case "csv": return .csv(delimiter: delimiter)
        case "json": return .json
        default: return .jsonLines
        }
    }
}
