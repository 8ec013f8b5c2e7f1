import Logging

/// The `log` section: how much to log and in which format.
public struct LogSettings: Sendable, Hashable {
    /// The lowest level written.
    public var level: Logger.Level
    /// Text for people, JSON for log shippers.
    public var format: LogFormat

    /// Reads the `log` section (`level: info`, `format: text`).
    public init(reader: ConfigReader) {
        level = reader.choice("level", default: .info)
        format = reader.choice("format", default: .text)
    }
}
