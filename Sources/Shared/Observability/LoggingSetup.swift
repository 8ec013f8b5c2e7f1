import Logging

/// Sets up swift-log for a crossdock program: one handler per label, writing lines to standard error.
public enum LoggingSetup {
    /// Installs ``LineLogHandler`` as the process-wide log handler. Call once, first thing in `main`.
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            LineLogHandler(label: label, format: format, level: level)
        }
    }
}

extension Logger.Level {
    /// The level named by `text` (`trace`, `debug`, `info`, `notice`, `warning`, `error`, `critical`).
    public init?(configValue text: String) {
        self.init(rawValue: text.lowercased())
    }
}
