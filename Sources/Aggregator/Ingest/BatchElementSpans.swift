/// Finds where each element of a JSON array starts and ends in the bytes, so each event is stored exactly as it
/// was received without encoding it again.
///
/// Runs only on input the JSON parser has already accepted as an array, so it need not validate: it tracks nesting
/// and strings (with escapes) and cuts at the commas of the top level. Returns `nil` when the bytes do not look like
/// an array after all; callers then fall back to the canonical encoding.
enum BatchElementSpans {
    /// The byte ranges of the top-level elements of the array in `bytes`, without surrounding whitespace.
    static func spans(in bytes: [UInt8]) -> [Range<Int>]? {
        var index = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        while index < bytes.count && isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index += 1
        var spans: [Range<Int>] = []
        var start: Int?
        var end = 0
        var depth = 0
        var inString = false
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    end = index + 1
                }
                index += 1
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                break
            case UInt8(ascii: ","):
                if depth == 0 {
                    guard let first = start else { return nil }
                    spans.append(first..<end)
                    start = nil
                } else {
                    end = index + 1
                }
            case UInt8(ascii: "]") where depth == 0:
                if let first = start { spans.append(first..<end) }
                return spans
            default:
                if start == nil { start = index }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                end = index + 1
            }
            index += 1
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
