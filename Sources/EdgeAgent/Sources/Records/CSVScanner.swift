/// Finds CSV records in bytes (RFC 4180): `"`-quoted fields with `""` escapes and embedded newlines, LF or CRLF
/// record ends.
struct CSVScanner {
    /// What the bytes from a start position hold.
    enum Outcome {
        /// A complete record ending before `end`, spanning `newlines` line breaks.
        case record(fields: [String], end: Int, newlines: Int)
        /// A complete record that is not valid CSV.
        case malformed(reason: String, end: Int, newlines: Int)
        /// The record is not complete yet.
        case incomplete
    }

    let delimiter: UInt8

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// The record starting at `start`; with `isFinal`, the end of the bytes also ends the last record.
    func next(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool) -> Outcome {
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var index = start
        var inQuotes = false
        var quoted = false
        var afterQuote = false
        var problem: String?
        var newlines = 0
        let count = bytes.count
        func finishField() {
            if !afterQuote, field.last == Self.carriageReturn { field.removeLast() }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
            quoted = false
        }
        while index < count {
            let byte = bytes[index]
            if inQuotes {
                if byte == Self.quote {
                    if index + 1 < count {
                        if bytes[index + 1] == Self.quote {
                            field.append(Self.quote)
                            index += 2
                            continue
                        }
                    } else if !isFinal {
                        return .incomplete
                    }
                    inQuotes = false
                    afterQuote = true
                    index += 1
                    continue
                }
                if byte == Self.lineFeed { newlines += 1 }
                field.append(byte)
                index += 1
                continue
            }
            if byte == delimiter {
                finishField()
                index += 1
                continue
            }
            if byte == Self.lineFeed {
                finishField()
                return outcome(fields, problem, end: index + 1, newlines: newlines + 1)
            }
            if afterQuote {
                if byte != Self.carriageReturn {
                    problem = problem ?? "unexpected character after the closing quote of field \(fields.count + 1)"
                }
                index += 1
                continue
            }
            if byte == Self.quote, field.isEmpty, !quoted {
                inQuotes = true
                quoted = true
                index += 1
                continue
            }
            field.append(byte)
            index += 1
        }
        guard isFinal, index > start else { return .incomplete }
        if inQuotes {
            return .malformed(reason: "a quoted field is not closed before the end of the file", end: count, newlines: newlines)
        }
        finishField()
        return outcome(fields, problem, end: count, newlines: newlines)
    }

    private func outcome(_ fields: [String], _ problem: String?, end: Int, newlines: Int) -> Outcome {
        if let problem { return .malformed(reason: problem, end: end, newlines: newlines) }
        return .record(fields: fields, end: end, newlines: newlines)
    }
}
