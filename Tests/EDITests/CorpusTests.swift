import EDI
import Foundation
import Testing

/// Every file of the sample corpus parses to its committed outline: structure, or the precise reason it is
/// rejected.
struct CorpusTests {
    /// What each corpus file must come to: every problem code it raises, in file order (empty: fully accepted).
    static let expected: [String: [String]] = [
        "edifact/staedi_invoic_d97b.edi": [],
        "edifact/staedi_invoic_d97b_bad.edi": ["elementTooLong", "invalidCharacter", "invalidCharacter"],
        "edifact/staedi_invoic_d97b_una.edi": [],
        "edifact/staedi_orders-with-group.edi": ["setCountMismatch"],
        "edifact/staedi_other_dialect_term_segments.edi": ["foreignSegment"],
        "edifact/staedi_wrapped_invoic_d97b_una.edi": [],
        "x12/nodex12_850_2.edi": [],
        "x12/nodex12_850_fat.edi": [],
        "x12/nodex12_856.edi": [],
        "x12/staedi_extraDelimiter997.edi": ["tooManyRepetitions", "tooManyRepetitions", "tooManyRepetitions"],
        "x12/staedi_invalid997.edi": ["elementTooLong", "invalidCharacter"],
        "x12/staedi_invoice810_po850_dual.edi": [],
        "x12/staedi_multi-tx-transaction-type.edi": [],
        "x12/staedi_optionalInterchangeServices.edi": [],
        "x12/staedi_simple997-multiple-interchanges.edi": [],
        "x12/staedi_simple999.edi": [],
        "x12/staedi_ts210_80char.edi": [],
        "x12/staedi_ts214_ellipses_segterm.edi": [],
        "x12/stupidedi_204.edi": [],
        "x12/stupidedi_214_gh189_ctrlchars.edi": ["groupCountMismatch"],
        "x12/stupidedi_810_pipe.edi": [],
        "x12/stupidedi_855_fail.edi": ["invalidInterchangeHeader"],
        "x12/stupidedi_856_002001_fail.edi": [],
        "x12/stupidedi_856_fail.edi": ["setCountMismatch"],
        "x12/stupidedi_943.edi": [],
        "x12/stupidedi_944.edi": [],
        "x12/stupidedi_997.edi": [],
        "x12/x12types_204_singleline.edi": [],
        "x12/x12types_214_parse_214_2.edi": ["setControlMismatch"],
        "x12/x12types_940_invalid_isa_missing_fields.edi": ["invalidInterchangeHeader"],
        "x12/x12types_940_test_940_1.edi": ["groupControlMismatch", "interchangeControlMismatch"],
        "x12/x12types_940_test_940_2.edi": [],
        "x12/x12types_945_parse_1.edi": ["setCountMismatch"],
    ]

    @Test func everyCorpusFileHasAnExpectation() {
        #expect(CorpusFiles.all.count == 33)
        #expect(Set(CorpusFiles.all) == Set(Self.expected.keys))
    }

    @Test(arguments: CorpusFiles.all)
    func matchesGoldenOutline(_ name: String) throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path(name))
        let golden = try String(contentsOf: CorpusFiles.goldenPath(name), encoding: .utf8)
        #expect(
            document.outline == golden,
            "outline of \(name) differs from \(CorpusFiles.goldenPath(name).lastPathComponent)")
    }

    @Test(arguments: CorpusFiles.all)
    func raisesExactlyTheExpectedProblems(_ name: String) throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path(name))
        let codes = document.problems.map(\.code.name)
        #expect(codes == Self.expected[name], "\(name): \(document.problems.map(\.description))")
        for problem in document.problems {
            #expect(problem.position.file == (name as NSString).lastPathComponent)
            #expect(problem.position.byteOffset != nil, "\(problem) has no byte offset")
            #expect(problem.position.line != nil, "\(problem) has no line")
        }
        if codes.isEmpty {
            #expect(!document.interchanges.isEmpty)
            #expect(document.interchanges.allSatisfy { $0.isAccepted })
        }
    }

    /// Streaming: the same outline whether the file arrives whole or in chunks of 1, 2, 3, 7 or 64 bytes.
    @Test(arguments: CorpusFiles.all)
    func chunkingDoesNotChangeTheResult(_ name: String) throws {
        let bytes = try CorpusFiles.bytes(name)
        let file = (name as NSString).lastPathComponent
        let whole = EDIDocument.parse(bytes, file: file).outline
        for size in [1, 2, 3, 7, 64] {
            var document = EDIDocument(file: file)
            var parser = EDIParser(file: file)
            var start = 0
            while start < bytes.count {
                let end = min(start + size, bytes.count)
                try parser.feed(Array(bytes[start..<end])) { document.add($0) }
                start = end
            }
            try parser.finish { document.add($0) }
            #expect(document.outline == whole, "\(name) in chunks of \(size)")
        }
    }

    @Test func precisePositionsInMessages() throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path("x12/stupidedi_856_fail.edi"))
        let problem = try #require(document.problems.first)
        #expect(
            problem.description
                == "stupidedi_856_fail.edi: interchange 000000089, group 000000089, set 0000001, segment 24 (byte 655, line 29): SE01 says 25 segments, counted 22"
        )
        #expect(problem.position.element == "SE01")
        #expect(problem.position.segmentIndex == 24)
    }

    @Test func setIdentifiersAndCountsOfTheDualGroupFile() throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path("x12/staedi_invoice810_po850_dual.edi"))
        let interchange = try #require(document.interchanges.first)
        #expect(interchange.groups.map { $0.header?.functionalID } == ["IN", "PO"])
        #expect(interchange.groups.flatMap { $0.sets.map(\.id) } == ["810", "810", "850"])
        #expect(interchange.groups.flatMap { $0.sets.map(\.segments.count) } == [32, 22, 17])
    }

    @Test func manifestIsKeptBesideTheCorpus() throws {
        let manifest = try String(
            contentsOf: CorpusFiles.corpus.appendingPathComponent("MANIFEST.txt"), encoding: .utf8)
        for name in CorpusFiles.all {
            #expect(manifest.contains(name), "MANIFEST has no entry for \(name)")
        }
    }
}
