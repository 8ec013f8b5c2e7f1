import EDI
import Foundation
import Testing
import WireProtocol

/// Corpus files translate to their committed canonical events (JSON lines), or to the precise reason they do not.
struct TranslationTests {
    static let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-1")
    static let source = "/acme/dc1/agent-1/folder/edi"

    /// The events and problems of a file as text: one JSON object per event, then `! code: problem` lines.
    static func translation(_ name: String, profile: PartnerProfile = .standard) throws -> String {
        let document = try EDIDocument.read(atPath: CorpusFiles.path(name))
        let translator = EDITranslator(profile: profile, file: document.file)
        let (events, problems) = translator.translate(document)
        for event in events {
            // The bytes written straight from the payload are the JSON of the event's data.
            #expect(event.encodedData == event.data.encoded(), "\(name): event \(event.id) data bytes differ")
            // The CloudEvent with those bytes spliced in as its data is the CloudEvent encoded from the tree.
            #expect(
                event.encodedCloudEvent(source: Self.source, identity: Self.identity, sequence: 7)
                    == event.cloudEvent(source: Self.source, identity: Self.identity, sequence: 7).encoded(),
                "\(name): event \(event.id) CloudEvent bytes differ")
        }
        var lines = events.map { $0.json.encodedString() }
        lines += problems.map { "! \($0.code): \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    static func goldenURL(_ name: String) -> URL {
        CorpusFiles.golden.appendingPathComponent(
            name.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".edi", with: ".events.jsonl"))
    }

    @Test(arguments: CorpusFiles.all)
    func matchesGoldenEvents(_ name: String) throws {
        let text = try Self.translation(name)
        let url = Self.goldenURL(name)
        if ProcessInfo.processInfo.environment["EDI_WRITE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: url, encoding: .utf8)
        #expect(text == golden, "translation of \(name) differs from \(url.lastPathComponent)")
    }

    @Test(arguments: CorpusFiles.all)
    func translatingTwiceGivesTheSameIDs(_ name: String) throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path(name))
        let translator = EDITranslator(file: document.file)
        let first = translator.translate(document).events.map(\.id)
        let second = translator.translate(try EDIDocument.read(atPath: CorpusFiles.path(name))).events.map(\.id)
        #expect(first == second)
        // Ids are unique unless the same interchange (sender, receiver, ISA13) arrives twice, as in
        // nodex12_850_fat.edi: then the ids repeat, so the aggregator stores it once.
        let interchanges = Set(
            try EDIDocument.read(atPath: CorpusFiles.path(name)).interchanges.map { InterchangeKey($0.header) })
        let total = try EDIDocument.read(atPath: CorpusFiles.path(name)).interchanges.count
        if interchanges.count == total {
            #expect(Set(first).count == first.count, "ids must be unique within a file")
        } else {
            #expect(Set(first).count < first.count)
        }
    }

    /// Every event decodes as its typed payload and passes the model's rules.
    @Test(arguments: CorpusFiles.all)
    func eventsAreValidCloudEvents(_ name: String) throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path(name))
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        for (k, mapped) in EDITranslator(file: document.file).translate(document).events.enumerated() {
            let event = mapped.cloudEvent(source: "/acme/dal1/agent-1/edi", identity: identity, sequence: UInt64(k + 1))
            let payloadType = try #require(event.type.payloadType)
            #expect(throws: Never.self) { try Self.decode(event, as: payloadType) }
        }
    }

    static func decode<P: EventPayload>(_ event: CloudEvent, as type: P.Type) throws {
        _ = try event.payload(as: type)
    }

    @Test func milestonesOnePerAT7WithZonedTimes() throws {
        let document = try EDIDocument.read(atPath: CorpusFiles.path("x12/staedi_ts214_ellipses_segterm.edi"))
        let events = EDITranslator(file: document.file).translate(document).events
        #expect(events.map(\.type) == [.shipmentMilestone, .shipmentMilestone])
        #expect(events.map(\.time.text) == ["2020-09-11T11:59:00-04:00", "2020-09-10T11:35:00-04:00"])
        #expect(
            events.map(\.id) == [
                "edi:ZZ/XXXX:ZZ/DDDDDD:000075776:75776:757760001:0",
                "edi:ZZ/XXXX:ZZ/DDDDDD:000075776:75776:757760001:1",
            ])
    }

    @Test func partnerProfileChangesTheMapping() throws {
        var profile = PartnerProfile.standard
        profile.orderNumberElement940 = 3
        profile.localOffsetSeconds = -5 * 3600
        let document = try EDIDocument.read(atPath: CorpusFiles.path("x12/x12types_940_test_940_2.edi"))
        let event = try #require(EDITranslator(profile: profile, file: document.file).translate(document).events.first)
        #expect(event.subject == "4000207344")
        #expect(event.time.text == "2018-03-27T01:31:34-05:00")
        profile.disabledSets = ["940"]
        let (events, problems) = EDITranslator(profile: profile, file: document.file).translate(document)
        #expect(events.isEmpty)
        #expect(problems.map(\.code) == [.unsupportedSet])
    }

    @Test func usDaylightSavingTimeCodes() throws {
        var text = try String(
            contentsOfFile: CorpusFiles.path("x12/staedi_ts214_ellipses_segterm.edi"), encoding: .utf8)
        text = text.replacingOccurrences(of: "20200911*1159*ET", with: "20200110*1159*CT")
            .replacingOccurrences(of: "20200910*1135*ET", with: "20200308*0300*ET")
        let document = EDIDocument.parse(Array(text.utf8), file: "dst.edi")
        let events = EDITranslator(file: "dst.edi").translate(document).events
        #expect(events.map(\.time.text) == ["2020-01-10T11:59:00-06:00", "2020-03-08T03:00:00-04:00"])
    }
}
