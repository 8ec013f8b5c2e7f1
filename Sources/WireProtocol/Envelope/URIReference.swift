/// Checks RFC 3986 URI-references, as CloudEvents requires for `source` and `dataschema`.
enum URIReference {
    /// Why `text` is not a URI-reference, or `nil`.
    ///
    /// The check is syntactic: only characters RFC 3986 allows (unreserved, reserved, `%` followed by two hex
    /// digits), a scheme (if any) that starts with a letter, and at most 2048 bytes.
    static func problem(_ text: String, absolute: Bool = false) -> String? {
        let bytes = Array(text.utf8)
        if bytes.isEmpty { return "must not be empty" }
        if bytes.count > 2048 { return "is \(bytes.count) bytes long, above the limit of 2048" }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) else {
                    return "\"\(text.prefix(80))\" has a '%' at byte \(index) not followed by two hex digits"
                }
                index += 3
                continue
            }
            guard isAllowed(byte) else {
                let shown =
                    (0x21...0x7E).contains(byte)
                    ? "'\(Character(Unicode.Scalar(byte)))'"
                    : (byte == 0x20 ? "a space" : "byte 0x\(String(byte, radix: 16, uppercase: true))")
                return "\"\(text.prefix(80))\" contains \(shown) at byte \(index), which a URI must percent-encode"
            }
            index += 1
        }
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let beforeSlash = bytes.firstIndex(of: UInt8(ascii: "/")).map { colon < $0 } ?? true
            if beforeSlash {
                let scheme = bytes[..<colon]
                let validScheme =
                    scheme.first.map(isLetter) ?? false
                    && scheme.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E }
                if !validScheme { return "\"\(text.prefix(80))\" has an invalid scheme before ':'" }
                return nil
            }
        }
        if absolute { return "\"\(text.prefix(80))\" is not an absolute URI (it needs a scheme such as https:)" }
        return nil
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        if isLetter(byte) || isDigit(byte) { return true }
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),  // unreserved
            UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"),  // gen-delims
            UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):  // sub-delims
            return true
        default:
            return false
        }
    }
}
