/// Writes ``JSONValue``s as UTF-8 JSON, deterministically.
///
/// Members are written in their stored order and numbers in their stored text, so equal inputs always give equal
/// bytes. Strings escape only `"`, `\` and control characters (`\b \f \n \r \t`, otherwise `\u00XX` in lower
/// case); everything else, including non-ASCII, is written as raw UTF-8. The pretty form indents by two spaces,
/// puts one member or element per line, writes `"key": value`, writes arrays of scalars on one line
/// (`[1, 120]`), and writes empty containers as `{}` and `[]`.
struct JSONSerializer {
    private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    private var level = 0

    init(pretty: Bool, capacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): appendRaw(number.text)
        case .string(let text): writeString(text)
        case .array(let elements): writeArray(elements)
        case .object(let object): writeObject(object)
        }
    }

    private mutating func writeArray(_ elements: [JSONValue]) {
        guard !elements.isEmpty else {
            append("[]")
            return
        }
        if pretty && elements.allSatisfy(\.isScalar) {
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { append(", ") }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
            return
        }
        bytes.append(UInt8(ascii: "["))
        level += 1
        for (position, element) in elements.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            newline()
            write(element)
        }
        level -= 1
        newline()
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func writeObject(_ object: JSONObject) {
        guard !object.isEmpty else {
            append("{}")
            return
        }
        bytes.append(UInt8(ascii: "{"))
        level += 1
        var first = true
        for member in object {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            newline()
            writeString(member.key)
            bytes.append(UInt8(ascii: ":"))
            if pretty { bytes.append(UInt8(ascii: " ")) }
            write(member.value)
        }
        level -= 1
        newline()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes a member separator and key for hand-built objects; `first` is whether it opens the object.
    mutating func writeKey(_ key: String, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        newline()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(UInt8(ascii: " ")) }
    }

    /// Opens a hand-built object.
    mutating func openObject() {
        bytes.append(UInt8(ascii: "{"))
        level += 1
    }

    /// Closes a hand-built object that has at least one member.
    mutating func closeObject() {
        level -= 1
        newline()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens the batch array.
    mutating func openArray() {
        bytes.append(UInt8(ascii: "["))
        level += 1
    }

    /// Starts an element of a hand-built array.
    mutating func startElement(first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        newline()
    }

    /// Closes a hand-built array that has at least one element.
    mutating func closeArray() {
        level -= 1
        newline()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<(level * 2) { bytes.append(0x20) }
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func appendRaw(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func writeString(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < position {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                }
                runStart = position + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let digits: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [
                        UInt8(ascii: "u"), 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0xF)],
                    ])
                }
            }
            if runStart < utf8.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The value as UTF-8 JSON: compact by default, or indented by two spaces (no trailing newline).
    public func encoded(pretty: Bool = false) -> [UInt8] {
        var serializer = JSONSerializer(pretty: pretty)
        serializer.write(self)
        return serializer.bytes
    }

    /// The value as JSON text.
    public func encodedString(pretty: Bool = false) -> String {
        String(decoding: encoded(pretty: pretty), as: UTF8.self)
    }
}
