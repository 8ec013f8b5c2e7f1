/// Writes X12 segments with a given set of delimiters, counting segments for SE01.
///
/// Values are written as given; characters that equal a delimiter are replaced by a space so a value can never
/// break the structure (X12 has no release character).
public struct X12Writer: Sendable {
    /// The delimiters written.
    public let delimiters: EDIDelimiters
    /// Whether a line feed follows each segment terminator (ignored when the terminator is a line break).
    public let lineBreakAfterSegments: Bool
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    /// Segments written since the last ``startCounting()``.
    public private(set) var counted = 0

    /// Creates a writer.
    public init(delimiters: EDIDelimiters = .x12Default, lineBreakAfterSegments: Bool = true) {
        self.delimiters = delimiters
        self.lineBreakAfterSegments = lineBreakAfterSegments
    }

    /// Starts counting segments (call right before ST).
    public mutating func startCounting() { counted = 0 }

    /// Writes one segment. Components inside an element are given as separate strings in `composite`.
    public mutating func segment(_ tag: String, _ elements: [String]) {
        var trimmed = elements
        while trimmed.last?.isEmpty == true { trimmed.removeLast() }
        bytes.append(contentsOf: tag.utf8)
        for e in trimmed {
            bytes.append(delimiters.element)
            append(e)
        }
        terminate()
    }

    /// Writes one segment whose elements may be composites (`[["1", "2"]]` → `1>2`).
    public mutating func segment(_ tag: String, composites: [[String]]) {
        var trimmed = composites
        while trimmed.last?.allSatisfy({ $0.isEmpty }) == true { trimmed.removeLast() }
        bytes.append(contentsOf: tag.utf8)
        for e in trimmed {
            bytes.append(delimiters.element)
            var parts = e
            while parts.count > 1 && parts.last?.isEmpty == true { parts.removeLast() }
            for (i, c) in parts.enumerated() {
                if i > 0 { bytes.append(delimiters.component) }
                append(c)
            }
        }
        terminate()
    }

    /// Writes an ISA exactly as given (elements must already have their fixed widths).
    mutating func isa(_ elements: [String]) {
        bytes.append(contentsOf: "ISA".utf8)
        for e in elements {
            bytes.append(delimiters.element)
            bytes.append(contentsOf: e.utf8)
        }
        terminate()
    }

    private mutating func append(_ value: String) {
        for b in value.utf8 {
            let clashes =
                b == delimiters.element || b == delimiters.component || b == delimiters.repetition
                || b == delimiters.segmentTerminator[0] || b == EDIBytes.lf || b == EDIBytes.cr
            bytes.append(clashes ? 0x20 : b)
        }
    }

    private mutating func terminate() {
        if delimiters.terminatorIsLineBreak {
            bytes.append(EDIBytes.lf)
        } else {
            bytes.append(contentsOf: delimiters.segmentTerminator)
            if lineBreakAfterSegments { bytes.append(EDIBytes.lf) }
        }
        counted += 1
    }

    /// Pads or cuts `value` to exactly `width` characters (ISA fields are fixed width).
    static func fixed(_ value: String, _ width: Int) -> String {
        let v = String(value.prefix(width))
        return v + String(repeating: " ", count: width - v.count)
    }

    /// Left-pads a number with zeros to `width` digits.
    static func zeroPadded(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
