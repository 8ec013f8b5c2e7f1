import Foundation

/// A failure found while reading JSON bytes: where, what, and the path of the value being read.
struct JSONSyntaxError: Error {
    var code: WireProtocolError.Code
    var offset: Int
    var message: String
    var path: [JSONPath.Component] = []

    func wireError(base: JSONPath = .root) -> WireProtocolError {
        WireProtocolError(
            code: code,
            path: base.appending(contentsOf: path),
            message: message,
            byteOffset: offset
        )
    }
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// It validates UTF-8, decodes every escape (including surrogate pairs, rejecting lone surrogates), rejects
/// duplicate keys, keeps numbers' text, bounds nesting depth, and reports the byte offset and JSON path of the
/// first error. A leading UTF-8 byte order mark is skipped.
struct JSONParser: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private let maxDepth: Int
    /// Byte ranges of the top-level array's elements, when asked for.
    private(set) var topLevelSpans: [Range<Int>] = []
    private let recordSpans: Bool
    /// The members of the objects being read, innermost last; an object takes its own off the top when it closes,
    /// so each object allocates its member array once, at its exact size.
    private var memberStack = JSONParseStack<JSONObject.Member>()
    /// The hash of each key in ``memberStack``, to find duplicate keys without comparing strings.
    private var keyHashes: [UInt64] = []
    /// The elements of the arrays being read, innermost last.
    private var elementStack = JSONParseStack<JSONValue>()
    /// Strings read recently, by hash slot: a batch repeats the same keys, and many of the same values (source,
    /// type, units, dates, parties), in every event; a string found here is shared rather than allocated again.
    /// Empty for a small document (one record, one event): setting up and tearing down 512 slots would cost
    /// more than the few strings it could share.
    private var keyCache: [String?]
    private static let keyCacheSize = 512
    /// Documents shorter than this are read without ``keyCache``.
    private static let keyCacheMinimumInput = 8192

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, recordTopLevelSpans: Bool = false) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.recordSpans = recordTopLevelSpans
        self.keyCache =
            bytes.count >= JSONParser.keyCacheMinimumInput
            ? Array(repeating: nil, count: JSONParser.keyCacheSize) : []
    }

    /// Parses the whole input as one JSON value.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        guard index < bytes.count else {
            throw fail(
                bytes.isEmpty ? "empty input: expected a JSON value" : "expected a JSON value, found only whitespace")
        }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw fail("unexpected \(describe(index)) after the end of the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input: expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseKey().0)
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected \(describe(index)): expected a value")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > maxDepth {
            throw JSONSyntaxError(
                code: .tooDeep, offset: index,
                message: "arrays and objects nested deeper than \(maxDepth) levels")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        index += 1
        let first = memberStack.count
        var seen: Set<String>? = nil
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        while true {
            guard index < bytes.count else { throw fail("unexpected end of input inside an object: expected a key") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(index)): expected a quoted object key")
            }
            let keyOffset = index
            let (key, hash) = try parseKey()
            if var set = seen {
                if !set.insert(key).inserted { throw duplicate(key, keyOffset) }
                seen = set
            } else {
                for position in first..<memberStack.count
                where keyHashes[position] == hash && memberStack[position].key == key {
                    throw duplicate(key, keyOffset)
                }
                if memberStack.count - first >= 64 {
                    var keys: Set<String> = [key]
                    for position in first..<memberStack.count { keys.insert(memberStack[position].key) }
                    seen = keys
                }
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw fail(
                    index < bytes.count
                        ? "unexpected \(describe(index)): expected ':' after key \"\(key.prefix(40))\""
                        : "unexpected end of input: expected ':' after key \"\(key.prefix(40))\"")
            }
            index += 1
            skipWhitespace()
            let value: JSONValue
            do {
                value = try parseValue()
            } catch {
                var error = error
                error.path.insert(.key(key), at: 0)
                throw error
            }
            memberStack.append(JSONObject.Member(key: key, value: value))
            keyHashes.append(hash)
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("unexpected end of input inside an object: expected ',' or '}'")
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                let members = memberStack.popArray(from: first)
                keyHashes.removeSubrange(first...)
                return .object(JSONObject(uniqueMembers: members))
            }
            throw fail("unexpected \(describe(index)) after member \"\(key.prefix(40))\": expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        let topLevel = depth == 1 && recordSpans
        index += 1
        let first = elementStack.count
        var count = 0
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        while true {
            let start = index
            do {
                let element = try parseValue()
                elementStack.append(element)
                count += 1
            } catch {
                var error = error
                error.path.insert(.index(count), at: 0)
                throw error
            }
            if topLevel { topLevelSpans.append(start..<index) }
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("unexpected end of input inside an array: expected ',' or ']'")
            }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                let elements = elementStack.popArray(from: first)
                return .array(elements)
            }
            throw fail(
                "unexpected \(describe(index)) after array element \(count - 1): expected ',' or ']'")
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> DecimalNumber {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number: expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw fail("invalid number: leading zeros are not allowed")
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("invalid number: expected a digit after the decimal point")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("invalid number: expected exponent digits")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return DecimalNumber(uncheckedText: text)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let start = index
        let matches = literal.withUTF8Buffer { expected in
            guard bytes.count - start >= count else { return false }
            for offset in 0..<count where bytes[start + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { throw fail("unexpected \(describe(index)): expected a value (did you mean \(literal)?)") }
        index += count
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(start: start, open: open) }
            if byte < 0x20 { throw fail("control character \(hex(byte)) inside a string: escape it") }
            if byte >= 0x80 { try skipUTF8Sequence() } else { index += 1 }
        }
        throw JSONSyntaxError(code: .malformedJSON, offset: open, message: "unterminated string")
    }

    /// Reads a string (a key or a value) and its hash; a string without escapes that was read recently is
    /// shared, not copied.
    private mutating func parseKey() throws(JSONSyntaxError) -> (String, UInt64) {
        let open = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                let hash = JSONParser.hash(raw)
                // Up to 15 bytes a string is stored inline, without an allocation: nothing to share.
                if keyCache.isEmpty || raw.count <= 15 { return (String(decoding: raw, as: UTF8.self), hash) }
                let slot = Int(truncatingIfNeeded: hash) & (JSONParser.keyCacheSize - 1)
                if let cached = keyCache[slot], cached.utf8.count == raw.count,
                    raw.isEmpty
                        || cached.utf8.withContiguousStorageIfAvailable({
                            memcmp($0.baseAddress!, raw.baseAddress!, raw.count) == 0
                        }) == true
                {
                    return (cached, hash)
                }
                let key = String(decoding: raw, as: UTF8.self)
                keyCache[slot] = key
                return (key, hash)
            }
            if byte == UInt8(ascii: "\\") {
                index = open
                let key = try parseString()
                let hash = Array(key.utf8).withUnsafeBufferPointer { JSONParser.hash($0) }
                return (key, hash)
            }
            if byte < 0x20 { throw fail("control character \(hex(byte)) inside a string: escape it") }
            if byte >= 0x80 { try skipUTF8Sequence() } else { index += 1 }
        }
        throw JSONSyntaxError(code: .malformedJSON, offset: open, message: "unterminated string")
    }

    /// FNV-1a over the bytes of a key.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private mutating func parseEscapedString(start: Int, open: Int) throws(JSONSyntaxError) -> String {
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try decodeEscape(into: &buffer)
            case 0..<0x20:
                throw fail("control character \(hex(byte)) inside a string: escape it")
            case 0x80...:
                let sequenceStart = index
                try skipUTF8Sequence()
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[sequenceStart..<index]))
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw JSONSyntaxError(code: .malformedJSON, offset: open, message: "unterminated string")
    }

    private mutating func decodeEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw fail("unterminated escape sequence") }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw JSONSyntaxError(
                        code: .malformedJSON, offset: escapeStart,
                        message: "lone high surrogate \\u\(String(scalar, radix: 16)) without a following low surrogate"
                    )
                }
                index += 2
                let low = try readHex4(escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(
                        code: .malformedJSON, offset: escapeStart,
                        message:
                            "high surrogate \\u\(String(scalar, radix: 16)) followed by \\u\(String(low, radix: 16)), "
                            + "which is not a low surrogate"
                    )
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(
                    code: .malformedJSON, offset: escapeStart,
                    message: "lone low surrogate \\u\(String(scalar, radix: 16))")
            }
            buffer.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
        default:
            throw JSONSyntaxError(
                code: .malformedJSON, offset: escapeStart,
                message: "invalid escape sequence '\\\(describeByte(letter))'")
        }
    }

    private mutating func readHex4(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else {
            throw JSONSyntaxError(code: .malformedJSON, offset: escapeStart, message: "truncated \\u escape")
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                throw JSONSyntaxError(
                    code: .malformedJSON, offset: escapeStart, message: "\\u escape needs four hexadecimal digits")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Checks the multi-byte UTF-8 sequence at `index` (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func skipUTF8Sequence() throws(JSONSyntaxError) {
        let lead = bytes[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: throw invalidUTF8("byte \(hex(lead)) cannot start a UTF-8 sequence")
        }
        guard bytes.count - index >= length else { throw invalidUTF8("truncated UTF-8 sequence") }
        let second = bytes[index + 1]
        guard second >= lower && second <= upper else { throw invalidUTF8("invalid UTF-8 sequence") }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
            throw invalidUTF8("invalid UTF-8 continuation byte")
        }
        index += length
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(code: .malformedJSON, offset: index, message: message)
    }

    private func invalidUTF8(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(code: .invalidUTF8, offset: index, message: message + " inside a string")
    }

    private func duplicate(_ key: String, _ offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(code: .malformedJSON, offset: offset, message: "duplicate key \"\(key.prefix(40))\"")
    }

    private func describe(_ position: Int) -> String {
        guard position < bytes.count else { return "end of input" }
        return "character \(describeByte(bytes[position]))"
    }

    private func describeByte(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : hex(byte)
    }

    private func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
