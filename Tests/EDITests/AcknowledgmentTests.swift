import EDI
import Foundation
import Testing

/// The 997 writer: envelopes, AK codes, version mirroring, and a 997 our own parser accepts.
struct AcknowledgmentTests {
    static let stamp = EDITimestamp(date: "20260714", time: "1200")

    func temporaryStore() -> FileControlNumberStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edi-ack-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return FileControlNumberStore(path: dir.appendingPathComponent("control-numbers.tsv").path)
    }

    func acknowledge(_ text: String) throws -> (ack: String, parsed: EDIDocument) {
        let document = X12Samples.document(text)
        let interchange = try #require(document.interchanges.first)
        let writer = X12AcknowledgmentWriter(controlNumbers: temporaryStore(), timestamp: Self.stamp)
        let bytes = try #require(try writer.acknowledge(interchange))
        return (String(decoding: bytes, as: UTF8.self), EDIDocument.parse(bytes, file: "997.edi"))
    }

    @Test func acceptedGroup() throws {
        let (ack, parsed) = try acknowledge(X12Samples.shipNotice())
        #expect(
            ack == """
                ISA*00*          *00*          *ZZ*CROSSDOCK      *ZZ*ACMEWMS        *260714*1200*U*00401*000000001*0*P*>~
                GS*FA*CROSSDOCK*ACMEWMS*20260714*1200*1*X*004010~
                ST*997*0001~
                AK1*SH*1~
                AK2*856*0001~
                AK5*A~
                AK9*A*1*1*1~
                SE*6*0001~
                GE*1*1~
                IEA*1*000000001~

                """)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.interchanges.first?.groups.first?.sets.first?.id == "997")
    }

    @Test func rejectedSetsCarryAK3AndAK4Codes() throws {
        // The inbound 997 has bad elements (AK101 too long, AK402 not numeric); a second set has a bad count.
        let inbound = try String(contentsOfFile: CorpusFiles.path("x12/staedi_invalid997.edi"), encoding: .utf8)
        let (ack, parsed) = try acknowledge(inbound)
        #expect(ack.contains("AK1*FA*000005*005010X230~"))
        #expect(
            ack.contains(
                "AK2*997*0001~\nAK3*AK1*2**8~\nAK4*1*479*5*HC NOT IN CODESET~\nAK3*AK4*5**8~\nAK4*2*725*6*66 NON NUMERIC~\nAK5*R*5~"
            ))
        #expect(ack.contains("AK9*R*1*1*0~"))
        // The acknowledgment mirrors the inbound GS08 and version, uses the inbound delimiters, swaps the parties.
        #expect(ack.contains("GS*FA*SenderDept*ReceiverDept*20260714*1200*1*X*005010X230~"))
        #expect(
            ack.hasPrefix("ISA*00*          *00*          *ZZ*Sender         *ZZ*ReceiverID     *260714*1200*^*00501*"))
        #expect(parsed.problems.isEmpty, "our own 997 must parse cleanly: \(parsed.problems)")
        let set = try #require(parsed.interchanges.first?.groups.first?.sets.first)
        #expect(set.segments.filter { $0.tag == "AK4" }.map { $0[3] } == ["5", "6"])
    }

    @Test func setEnvelopeErrorsAndUnknownSegmentsMapToAK5AndAK304() throws {
        let text = X12Samples.shipNotice()
            .replacingOccurrences(of: "SE*13*0001", with: "SE*14*0001")
            .replacingOccurrences(of: "PRF*PO-9", with: "prf*PO-9")
        let (ack, parsed) = try acknowledge(text)
        #expect(ack.contains("AK2*856*0001~\nAK3*prf*6**1~\nAK5*R*4*5~\nAK9*R*1*1*0~"))
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
    }

    @Test func groupEnvelopeErrorsMapToAK905() throws {
        let text = X12Samples.shipNotice().replacingOccurrences(of: "GE*1*1", with: "GE*1*2")
        let (ack, _) = try acknowledge(text)
        #expect(ack.contains("AK5*A~\nAK9*R*1*1*0*4~"))
    }

    @Test func partiallyAcceptedGroupAndFreshControlNumbers() throws {
        let inbound = try String(contentsOfFile: CorpusFiles.path("x12/x12types_214_parse_214_2.edi"), encoding: .utf8)
        let document = X12Samples.document(inbound)
        let interchange = try #require(document.interchanges.first)
        let writer = X12AcknowledgmentWriter(controlNumbers: temporaryStore(), timestamp: Self.stamp)
        let first = String(decoding: try #require(try writer.acknowledge(interchange)), as: UTF8.self)
        let second = String(decoding: try #require(try writer.acknowledge(interchange)), as: UTF8.self)
        #expect(first.contains("AK2*214*001~\nAK5*R*3~\nAK2*214*002~\nAK5*A~\nAK9*P*2*2*1~"))
        #expect(first.contains("*000000001*0*P*:~") && second.contains("*000000002*0*P*:~"))
        #expect(first.contains("IEA*1*000000001~") && second.contains("IEA*1*000000002~"))
        let parsed = EDIDocument.parse(Array(second.utf8), file: "second.997")
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
    }

    @Test func nothingToAcknowledgeForEDIFACT() throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path("edifact/staedi_invoic_d97b.edi"))
        let interchange = try #require(document.interchanges.first)
        let writer = X12AcknowledgmentWriter(controlNumbers: temporaryStore(), timestamp: Self.stamp)
        #expect(try writer.acknowledge(interchange) == nil)
    }
}
