#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import WireProtocol

/// Splits a file's bytes into records of its ``RecordFormat``, one step at a time, and keeps the CSV header.
struct RecordDecoder {
    /// What the bytes at a position hold.
    enum Step {
        /// A record from `start` to `end`, spanning `newlines` line breaks.
        case record(MappingRecord, start: Int, end: Int, newlines: Int)
        /// Bytes that are not a record (an invalid line or CSV row), with the reason.
        case invalid(reason: String, start: Int, end: Int, newlines: Int)
        /// The CSV header or a blank line: nothing to capture.
        case skipped(end: Int, newlines: Int)
        /// The next record is not complete yet.
        case incomplete
    }

    let format: RecordFormat
    /// The CSV header, once read.
    var header: CSVHeader?

    init(format: RecordFormat, header: [String]?) {
        self.format = format
        self.header = header.map(CSVHeader.init(names:))
    }

    /// The step at `start` in `bytes`; `fileOffset` is the file offset of `bytes[0]`.
    mutating func next(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, fileOffset: UInt64, isFinal: Bool) -> Step {
        var begin = start
        if fileOffset + UInt64(start) == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            begin = 3
        }
        switch format {
        case .csv(let delimiter):
            switch CSVScanner(delimiter: delimiter).next(bytes, from: begin, isFinal: isFinal) {
            case .incomplete:
                return .incomplete
            case .malformed(let reason, let end, let newlines):
                return .invalid(reason: "not valid CSV: \(reason)", start: start, end: end, newlines: newlines)
            case .record(let fields, let end, let newlines):
                if fields.count == 1, fields[0].isEmpty { return .skipped(end: end, newlines: newlines) }
                guard let header else {
                    header = CSVHeader(names: fields)
                    return .skipped(end: end, newlines: newlines)
                }
                guard fields.count == header.names.count else {
                    return .invalid(
                        reason: "the row has \(fields.count) fields but the header has \(header.names.count) columns",
                        start: start, end: end, newlines: newlines)
                }
                return .record(.csv(header: header, fields: fields), start: start, end: end, newlines: newlines)
            }
        case .jsonLines, .json:
            let count = bytes.count
            guard begin < count else { return .incomplete }
            let found = memchr(bytes.baseAddress! + begin, Int32(UInt8(ascii: "\n")), count - begin)
            let lineEnd: Int
            let end: Int
            if let found {
                lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress!
                end = lineEnd + 1
            } else if isFinal {
                lineEnd = count
                end = count
            } else {
                return .incomplete
            }
            var contentEnd = lineEnd
            if contentEnd > begin, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let newlines = found == nil ? 0 : 1
            let line = UnsafeBufferPointer(rebasing: bytes[begin..<contentEnd])
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return .skipped(end: end, newlines: newlines) }
            do {
                let value = try JSONValue.parse(line)
                guard let object = value.objectValue else {
                    return .invalid(
                        reason: "expected a JSON object, found \(value.kindDescription)", start: start, end: end,
                        newlines: newlines)
                }
                return .record(.json(object), start: start, end: end, newlines: newlines)
            } catch {
                return .invalid(reason: "not valid JSON: \(error)", start: start, end: end, newlines: newlines)
            }
        }
    }
}
