import Foundation

/// A secret value (password, API key, HMAC key) that never prints itself.
///
/// Its `description` is redacted, so logging a configuration or an error cannot leak it.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String
    /// Where the secret came from ("environment variable ERP_PASSWORD"), safe to log.
    public let origin: String

    /// Wraps a secret value.
    public init(_ value: String, origin: String) {
        self.value = value
        self.origin = origin
    }

    /// The secret itself; pass it straight to where it is used, never to a log.
    public func reveal() -> String { value }

    public var description: String { "<secret from \(origin)>" }
    public var debugDescription: String { description }

    /// Reads a secret file, trimming one trailing newline; `nil` if unreadable.
    static func read(file: String) -> String? {
        guard var text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
