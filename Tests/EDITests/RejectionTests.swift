import EDI
import Testing

/// Input that is not EDI, or broken EDI, is rejected with a reason and a position — never a crash or a hang.
struct RejectionTests {
    static let garbage: [(String, [UInt8], String)] = [
        ("empty", [], "emptyInput"),
        ("white space", Array("  \n\r\n\t".utf8), "emptyInput"),
        ("text", Array("Dear customer, please find attached".utf8), "notEDI"),
        ("binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "notEDI"),
        ("json", Array(#"{"specversion":"1.0"}"#.utf8), "notEDI"),
        ("ISA prefix only", Array("ISA*00*".utf8), "truncated"),
        ("UNA only", Array("UNA:+".utf8), "truncated"),
    ]

    @Test(arguments: garbage.indices)
    func rejectsNonEDI(_ index: Int) throws {
        let (name, bytes, code) = Self.garbage[index]
        let document = EDIDocument.parse(bytes, file: "\(name).bin")
        let problem = try #require(document.problems.first, "\(name)")
        #expect(problem.code.name == code, "\(name): \(problem)")
        #expect(problem.position.file == "\(name).bin")
        #expect(document.interchanges.isEmpty)
    }

    @Test func truncatedAtEveryByteNeverSucceedsSilently() {
        let text = Array(X12Samples.shipNotice(after: "").utf8)
        // Cutting before the final terminator must always report a problem.
        for cut in 0..<(text.count - 1) {
            let document = EDIDocument.parse(Array(text[0..<cut]), file: "cut.edi")
            #expect(!document.problems.isEmpty, "cut at \(cut) produced no problem")
        }
    }

    @Test func resynchronisesAtTheNextInterchangeAfterABrokenOne() {
        let broken = X12Samples.shipNotice(control: "000000001")
            .replacingOccurrences(of: "ISA*00", with: "ISA*0")
            .replacingOccurrences(of: "*260714*", with: "*2607X4*")
        let text = broken + X12Samples.shipNotice(control: "000000002")
        let document = X12Samples.document(text)
        #expect(document.rejections.map(\.code.name) == ["invalidInterchangeHeader"])
        #expect(document.interchanges.map(\.header.controlNumber) == ["000000002"])
        #expect(document.interchanges.first?.isAccepted == true)
    }

    @Test func junkBetweenInterchangesIsReportedAndSkipped() {
        let text =
            X12Samples.shipNotice(control: "000000001") + "garbage here\n" + X12Samples.shipNotice(control: "000000002")
        let document = X12Samples.document(text)
        #expect(document.rejections.map(\.code.name) == ["unexpectedData"])
        #expect(document.interchanges.count == 2)
    }

    @Test func missingTerminatorIsATooLongSegmentNotAHang() throws {
        let text =
            "ISA*00*          *00*          *ZZ*A              *ZZ*B              *260714*1200*U*00401*000000001*0*P*>~"
            + String(repeating: "X", count: 5000)
        let document = EDIDocument.parse(Array(text.utf8), file: "long.edi", options: .init(maxSegmentLength: 1000))
        #expect(document.problems.map(\.code.name) == ["segmentTooLong"])
    }

    @Test func countAndControlChecksNameTheElement() throws {
        let text = X12Samples.shipNotice()
            .replacingOccurrences(of: "SE*13*0001", with: "SE*12*0002")
            .replacingOccurrences(of: "GE*1*1", with: "GE*2*7")
            .replacingOccurrences(of: "IEA*1*000000905", with: "IEA*2*000000906")
        let document = X12Samples.document(text, file: "orders.edi")
        #expect(document.problems.map { $0.position.element } == ["SE01", "SE02", "GE01", "GE02", "IEA01", "IEA02"])
        #expect(
            document.problems.first?.description
                == "orders.edi: interchange 000000905, group 1, set 0001, segment 15 (byte 325, line 15): SE01 says 12 segments, counted 13"
        )
    }

    @Test func aMissingIEAFollowedByAnISAWithOtherDelimiters() {
        let first = X12Samples.shipNotice(control: "000000001").components(separatedBy: "IEA*")[0]
        let second = X12Samples.shipNotice(
            element: "|", component: "^", terminator: "\n", after: "", control: "000000002")
        let document = X12Samples.document(first + second)
        #expect(document.interchanges.map(\.header.controlNumber) == ["000000001", "000000002"])
        #expect(document.problems.map(\.code.name) == ["missingInterchangeTrailer"])
        #expect(document.problems.first?.position.segmentTag == "ISA")
        #expect(document.interchanges.last?.isAccepted == true)
        #expect(document.interchanges.last?.groups.first?.sets.first?.isAccepted == true)
    }

    @Test func missingTrailersAreReported() {
        let text = X12Samples.shipNotice().components(separatedBy: "SE*13*0001~\n")[0]
        let document = X12Samples.document(text)
        #expect(
            document.problems.map(\.code.name) == [
                "missingSetTrailer", "missingGroupTrailer", "missingInterchangeTrailer",
            ])
    }
}
