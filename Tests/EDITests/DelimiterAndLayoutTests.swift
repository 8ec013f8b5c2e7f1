import EDI
import Testing

/// Delimiters, line endings, BOM, several interchanges per file, wrapped lines.
struct DelimiterAndLayoutTests {
    struct Layout: Sendable, CustomStringConvertible {
        var element: String
        var component: String
        var terminator: String
        var after: String
        var description: String {
            "element \(element) component \(component) terminator \(terminator.debugDescription) after \(after.debugDescription)"
        }
    }

    static let layouts: [Layout] = [
        Layout(element: "*", component: ">", terminator: "~", after: ""),
        Layout(element: "*", component: ">", terminator: "~", after: "\n"),
        Layout(element: "*", component: ">", terminator: "~", after: "\r\n"),
        Layout(element: "*", component: ">", terminator: "\n", after: ""),
        Layout(element: "*", component: ">", terminator: "\r\n", after: ""),
        Layout(element: "|", component: "^", terminator: "!", after: "\n"),
        Layout(element: "\u{1E}", component: "\u{1D}", terminator: "\u{1C}", after: ""),
        Layout(element: "*", component: ":", terminator: "…", after: "\n"),
        Layout(element: "+", component: "\\", terminator: "'", after: "\r\n"),
    ]

    @Test(arguments: layouts)
    func parsesTheSameStructureWithAnyDelimiters(_ layout: Layout) throws {
        let text = X12Samples.shipNotice(
            element: layout.element, component: layout.component, terminator: layout.terminator, after: layout.after)
        let document = X12Samples.document(text)
        #expect(document.problems.isEmpty, "\(document.problems)")
        let set = try #require(document.interchanges.first?.groups.first?.sets.first)
        #expect(set.id == "856")
        #expect(set.segments.count == 13)
        #expect(set.interchange.delimiters.element == Array(layout.element.utf8)[0])
        let lin = try #require(set.segments.first { $0.tag == "LIN" })
        #expect(lin.component(3, 1) == "ITEM")
        #expect(lin.component(3, 2) == "A")
        #expect(lin[2] == "VN")
    }

    @Test func byteOrderMarkIsSkipped() {
        let document = X12Samples.document("\u{FEFF}" + X12Samples.shipNotice())
        #expect(document.problems.isEmpty)
        #expect(document.interchanges.count == 1)
    }

    @Test func severalInterchangesInOneFileAndWhiteSpaceBetween() {
        let text =
            X12Samples.shipNotice(control: "000000001") + "\n\n  \n" + X12Samples.shipNotice(control: "000000002")
            + X12Samples.shipNotice(element: "|", terminator: "\n", after: "", control: "000000003")
        let document = X12Samples.document(text)
        #expect(document.problems.isEmpty, "\(document.problems)")
        #expect(document.interchanges.map(\.header.controlNumber) == ["000000001", "000000002", "000000003"])
    }

    @Test func lineBreaksInsideSegmentsAreIgnoredWhenTheTerminatorIsNotALineBreak() {
        let flat = X12Samples.shipNotice(after: "")
        var wrapped = ""
        for (i, c) in flat.enumerated() {
            if i > 0 && i % 40 == 0 { wrapped += "\r\n" }
            wrapped.append(c)
        }
        let a = X12Samples.document(flat)
        let b = X12Samples.document(wrapped)
        #expect(b.problems.isEmpty, "\(b.problems)")
        #expect(
            a.interchanges.first?.groups.first?.sets.first?.segments.map(\.elements)
                == b.interchanges.first?.groups.first?.sets.first?.segments.map(\.elements))
    }

    @Test func repetitionSeparatorOnlyFrom00402AndOnlyWhenNotAlphanumeric() throws {
        let with = X12Samples.document(X12Samples.shipNotice(version: "00501", repetition: "^"))
        #expect(with.interchanges.first?.header.delimiters.repetition == UInt8(ascii: "^"))
        let old = X12Samples.document(X12Samples.shipNotice(version: "00401", repetition: "^"))
        #expect(old.interchanges.first?.header.delimiters.repetition == nil)
        let letter = X12Samples.document(X12Samples.shipNotice(version: "00501", repetition: "U"))
        #expect(letter.interchanges.first?.header.delimiters.repetition == nil)
    }

    @Test func repetitionsAndComponentsAreAddressable() throws {
        let text = X12Samples.shipNotice(version: "00501", repetition: "^")
            .replacingOccurrences(of: "REF*BM*BOL-1", with: "REF*BM*A>1^B>2>3")
        let document = X12Samples.document(text)
        let ref = try #require(
            document.interchanges.first?.groups.first?.sets.first?.segments.first { $0.tag == "REF" })
        #expect(ref.repetitionCount(2) == 2)
        #expect(ref.component(2, 2, repetition: 2) == "2")
        #expect(ref.componentCount(2, repetition: 2) == 3)
        #expect(ref[2] == "A>1^B>2>3")
    }

    @Test func edifactReleaseCharacterKeepsDelimitersAsData() throws {
        let text =
            "UNA:+.? 'UNB+UNOA:3+SENDER:14+RECEIVER:14+260714:1200+REF1'UNH+1+ORDERS:D:96A:UN'"
            + "FTX+AAI+++PRICE 5?+3?:1?'S??'UNT+3+1'UNZ+1+REF1'"
        let document = X12Samples.document(text)
        #expect(document.problems.isEmpty, "\(document.problems)")
        let ftx = try #require(
            document.interchanges.first?.groups.first?.sets.first?.segments.first { $0.tag == "FTX" })
        #expect(ftx.component(4, 1) == "PRICE 5+3:1'S?")
    }
}
