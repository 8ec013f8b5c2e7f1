/// A W3C Trace Context `traceparent`: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// The header as written.
    public let rawValue: String

    /// Reads a `traceparent`, or returns `nil` if it is not valid: lower-case hex, version not `ff`, trace and
    /// parent ids not all zeros; version `00` must be exactly 55 characters, later versions may append
    /// `-`-prefixed fields.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
            bytes[52] == UInt8(ascii: "-")
        else { return nil }
        func isHex(_ range: Range<Int>) -> Bool {
            bytes[range].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
        func allZero(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 == 0x30 } }
        guard isHex(0..<2), isHex(3..<35), isHex(36..<52), isHex(53..<55) else { return nil }
        let version = String(decoding: bytes[0..<2], as: UTF8.self)
        guard version != "ff", !allZero(3..<35), !allZero(36..<52) else { return nil }
        if version == "00" {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55 {
            guard bytes[55] == UInt8(ascii: "-") else { return nil }
        }
        rawValue = text
    }

    /// Creates a `traceparent` of version `00`.
    public init?(traceID: String, parentID: String, sampled: Bool) {
        self.init("00-\(traceID)-\(parentID)-\(sampled ? "01" : "00")")
    }

    /// The 32-hex-digit trace id.
    public var traceID: Substring { rawValue.dropFirst(3).prefix(32) }
    /// The 16-hex-digit id of the parent span.
    public var parentID: Substring { rawValue.dropFirst(36).prefix(16) }
    /// Whether the sampled flag is set.
    public var isSampled: Bool { (UInt8(rawValue.dropFirst(53).prefix(2), radix: 16) ?? 0) & 1 == 1 }

    /// The header as written.
    public var description: String { rawValue }
}
