@testable import EdgeAgent
import Testing
import WireProtocol

/// CSV and JSON-lines splitting: quotes, embedded newlines, CRLF, BOM, blank lines, incomplete records.
struct RecordDecoderTests {
    /// Every step over `text`, as the file source would see them.
    private func steps(_ text: String, _ format: RecordFormat, isFinal: Bool = false) -> [String] {
        var decoder = RecordDecoder(format: format, header: nil)
        let bytes = Array(text.utf8)
        var position = 0
        var result: [String] = []
        while true {
            let step = bytes.withUnsafeBufferPointer { decoder.next($0, from: position, fileOffset: 0, isFinal: isFinal) }
            switch step {
            case .incomplete:
                return result + (position < bytes.count ? ["incomplete@\(position)"] : [])
            case .skipped(let end, _):
                position = end
            case .record(let record, _, let end, let newlines):
                let fields: [String]
                if let names = record.columnNames {
                    fields = names.map { record.value($0)?.stringValue ?? "∅" }
                } else {
                    fields = [record.value("n")?.description ?? "∅"]
                }
                result.append(fields.joined(separator: "|") + "/\(newlines)")
                position = end
            case .invalid(let reason, _, let end, _):
                result.append("invalid: \(reason)")
                position = end
            }
        }
    }

    @Test func csvQuotesEscapesAndEmbeddedNewlines() {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"line1\nline2\",z\n\n3,,\"\"\n4,\"open"
        #expect(steps(text, .csv(delimiter: UInt8(ascii: ","))) == [
            "1|x, y|say \"hi\"/1", "2|line1\nline2|z/2", "3|∅|∅/1", "incomplete@\(text.utf8.count - 7)",
        ])
    }

    @Test func csvAtTheEndOfAWholeFile() {
        let csv = RecordFormat.csv(delimiter: UInt8(ascii: ";"))
        #expect(steps("a;b\n1;2", csv, isFinal: true) == ["1|2/0"])
        #expect(steps("a;b\n1;\"2", csv, isFinal: true) == ["invalid: not valid CSV: a quoted field is not closed before the end of the file"])
        #expect(steps("a;b\n1;\"2\"x\n3;4\n", csv) == [
            "invalid: not valid CSV: unexpected character after the closing quote of field 2", "3|4/1",
        ])
    }

    @Test func jsonLinesWithBlankLinesCRLFAndBadLines() {
        let text = "{\"n\":1}\r\n\n   \n[1,2]\n{\"n\":2\n{\"n\":3}\n{\"n\":4}"
        let result = steps(text, .jsonLines)
        #expect(result.count == 5)
        #expect(result[0] == "1/1")
        #expect(result[1] == "invalid: expected a JSON object, found array of 2 elements")
        #expect(result[2].hasPrefix("invalid: not valid JSON"))
        #expect(result[3] == "3/1")
        #expect(result[4] == "incomplete@\(text.utf8.count - 7)")
    }
}
