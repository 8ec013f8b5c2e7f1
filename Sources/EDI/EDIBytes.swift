/// Byte helpers shared by the scanner, the envelope parsers and the writers.
enum EDIBytes {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    /// Whether `b` is an ASCII letter or digit.
    @inline(__always) static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// Whether `b` is an ASCII digit.
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Shows bytes for a message: printable ASCII as is (cut after `limit`), others as `\xNN`, line breaks as `\n`.
    static func printable<C: Collection>(_ bytes: C, limit: Int = 40) -> String where C.Element == UInt8 {
        var out = ""
        var n = 0
        var it = bytes.makeIterator()
        var pending: [UInt8] = []
        while let b = it.next() {
            if n >= limit {
                out += "…"
                break
            }
            n += 1
            if b >= 0x80 {
                pending.append(b)
                if let s = String(validating: pending, as: UTF8.self) {
                    out += s
                    pending.removeAll()
                } else if pending.count >= 4 {
                    out += pending.map { "\\x" + hex($0) }.joined()
                    pending.removeAll()
                }
                continue
            }
            if !pending.isEmpty {
                out += pending.map { "\\x" + hex($0) }.joined()
                pending.removeAll()
            }
            switch b {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "\\x" + hex(b)
            }
        }
        if !pending.isEmpty { out += pending.map { "\\x" + hex($0) }.joined() }
        return out
    }

    static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }
}
