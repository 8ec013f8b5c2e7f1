/// How log lines are written to standard error.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One human-readable line per event: time, level, label, message, metadata.
    case text
    /// One JSON object per line, for journald / log shippers.
    case json
}
