import Foundation
import Logging

/// A log handler that writes one line per event to standard error, as text or JSON, with structured metadata.
///
/// Writes go through one `write(2)` per line, so lines from several threads (the MQTT network thread
/// among them) never interleave.
public struct LineLogHandler: LogHandler {
    /// The logger's label, usually the component (`crossdock.agent.forwarder`).
    public let label: String
    /// Text or JSON.
    public let format: LogFormat
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let fileDescriptor: Int32

    /// Creates a handler for `label`.
    public init(label: String, format: LogFormat, level: Logger.Level, fileDescriptor: Int32 = STDERR_FILENO) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.fileDescriptor = fileDescriptor
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["error"] = "\(error)" }
        let line = format == .json
            ? Self.jsonLine(time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged)
            : Self.textLine(time: Date(), level: event.level, label: label, message: event.message.description, metadata: merged)
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { buffer in
            _ = Foundation.write(fileDescriptor, buffer.baseAddress, buffer.count)
        }
    }

    static func textLine(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "\(timestamp(time)) \(level.rawValue.uppercased()) \(label): \(message)"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(metadata[key]!)"
        }
        return line
    }

    static func jsonLine(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "{\"time\":\"\(timestamp(time))\",\"level\":\"\(level.rawValue)\",\"label\":\(quote(label)),\"message\":\(quote(message))"
        for key in metadata.keys.sorted() where !["time", "level", "label", "message"].contains(key) {
            line += ",\(quote(key)):\(json(metadata[key]!))"
        }
        return line + "}"
    }

    private static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): quote(text)
        case .stringConvertible(let convertible): quote(convertible.description)
        case .array(let items): "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.keys.sorted().map { "\(quote($0)):\(json(entries[$0]!))" }.joined(separator: ",") + "}"
        }
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func timestamp(_ date: Date) -> String {
        UTCTimestamp.string(date)
    }
}
