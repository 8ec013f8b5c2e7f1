import EDI
import Foundation
import Testing
import WireProtocol

/// Mappings checked field by field on small interchanges (the corpus goldens cover the rest).
struct MappingTests {
    static func events(_ text: String, profile: PartnerProfile = .standard) -> (
        events: [EDIMappedEvent], problems: [EDI.EDIError]
    ) {
        let document = EDIDocument.parse(Array(text.utf8), file: "test.edi")
        return EDITranslator(profile: profile, file: "test.edi").translate(document)
    }

    static func payload<P: EventPayload>(_ event: EDIMappedEvent, _ type: P.Type) throws -> P {
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        return try event.cloudEvent(source: "/test", identity: identity, sequence: 1).payload(as: type)
    }

    @Test func shipNoticeHierarchyWithSSCC() throws {
        let (events, problems) = Self.events(X12Samples.shipNotice())
        #expect(problems.isEmpty, "\(problems)")
        let asn = try Self.payload(try #require(events.first), AdvanceShipNotice.self)
        #expect(asn.asnNumber == "SHIP1")
        #expect(asn.billOfLading == "BOL-1")
        let order = try #require(asn.orders.first)
        #expect(order.purchaseOrderNumber == "PO-9")
        let pack = try #require(order.packs?.first)
        #expect(pack.sscc?.rawValue == "000123456000000005")
        #expect(pack.items.map(\.item.vendorPartNumber) == ["ITEM>A"])
        #expect(pack.items.first?.shippedQuantity.value == DecimalNumber(2))
    }

    @Test func shipNoticeWithTaresAndAMissingParentIsPrecise() throws {
        let body = [
            "ST*856*0001", "BSN*00*ASN7*20260714*0930", "HL*1**S", "DTM*011*20260714", "HL*2*1*O", "PRF*PO-1",
            "HL*3*2*T", "MAN*GM*000123456000000012", "HL*4*3*P", "MAN*GM*000123456000000005", "HL*5*4*I",
            "LIN*1*UP*012345678905", "SN1**6*EA**8*EA", "REF*LT*LOT-9", "SE*15*0001",
        ]
        let text = Self.wrap(body, functional: "SH")
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let asn = try Self.payload(try #require(events.first), AdvanceShipNotice.self)
        let tare = try #require(asn.orders.first?.tares?.first)
        #expect(tare.sscc?.rawValue == "000123456000000012")
        let item = try #require(tare.packs?.first?.items.first)
        #expect(item.item.gtin == "012345678905")
        #expect(item.lot == "LOT-9")
        #expect(item.orderedQuantity?.value == DecimalNumber(8))
        #expect(asn.createdAt?.text == "2026-07-14T09:30:00Z")

        let broken = Self.wrap(body.map { $0 == "HL*5*4*I" ? "HL*5*9*I" : $0 }, functional: "SH")
        let failure = try #require(Self.events(broken).problems.first)
        #expect(failure.code == .mappingFailed)
        #expect(failure.position.element == "HL02")
        #expect(failure.message == "856 HL02 parent '9' of HL '5' is not an earlier HL")
    }

    @Test func warehouseShippingAdviceLines() throws {
        let text = try String(contentsOfFile: CorpusFiles.path("x12/x12types_945_parse_1.edi"), encoding: .utf8)
            .replacingOccurrences(of: "SE*12*000006123", with: "SE*16*000006123")
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let event = try #require(events.first)
        #expect(event.type == .shipmentConfirmed)
        let shipment = try Self.payload(event, Shipment.self)
        #expect(shipment.shipmentNumber == "BOL12345")
        #expect(shipment.orderNumbers == ["IF102"])
        #expect(shipment.purchaseOrderNumbers == ["PO9865"])
        #expect(shipment.shipDate.description == "2019-06-04")
        #expect(shipment.carrier == CarrierService(scac: "NPLT", name: "NORTHPOINT TRANSPOR", mode: "M"))
        let line = try #require(shipment.lines.first)
        #expect(line.lineNumber == "10")
        #expect(line.item.vendorPartNumber == "123456789")
        #expect(line.lot == "LOT12314")
        #expect(line.shippedQuantity == Quantity(value: DecimalNumber(3000), unit: .each))
        #expect(line.description == "WIDGETS 100 PER BOX")
        #expect(shipment.totalWeight == Weight(value: DecimalNumber(15000), unit: .pounds))
    }

    @Test func edifactOrdersAndItsCountError() throws {
        let text = try String(contentsOfFile: CorpusFiles.path("edifact/staedi_orders-with-group.edi"), encoding: .utf8)
            .replacingOccurrences(of: "UNT+21+1", with: "UNT+18+1")
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let order = try Self.payload(try #require(events.first), Order.self)
        #expect(order.orderNumber == "C1441747")
        #expect(order.orderDate?.description == "2001-05-02")
        #expect(order.lines.first?.item.gtin == "5400111864181")
        #expect(order.lines.first?.item.buyerPartNumber == "8641800")
        #expect(order.lines.first?.quantity.value == DecimalNumber(288))
        #expect(order.lines.first?.unitPrice == DecimalNumber("12.80"))
        #expect(order.parties.map(\.role.rawValue) == ["sold-to", "seller"])
    }

    @Test func edifactDespatchAdviceWithPacks() throws {
        let text =
            "UNB+UNOC:3+SUPPLIER:14+BUYER:14+260714:0800+77'UNH+1+DESADV:D:96A:UN'BGM+351+DES-1+9'"
            + "DTM+137:202607140800:203'DTM+11:20260714:102'RFF+ON:PO-55'NAD+SU+5412345000013::9'NAD+DP+5412345000020::9'"
            + "CPS+1'CPS+2+1'PAC+1++PK'GIN+BJ+000123456000000005'LIN+1++5412345678908:EN'QTY+12:10:PCE'QTY+21:12:PCE'"
            + "UNT+15+1'UNZ+1+77'"
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let asn = try Self.payload(try #require(events.first), AdvanceShipNotice.self)
        #expect(asn.asnNumber == "DES-1")
        #expect(asn.createdAt?.text == "2026-07-14T08:00:00Z")
        let pack = try #require(asn.orders.first?.packs?.first)
        #expect(asn.orders.first?.purchaseOrderNumber == "PO-55")
        #expect(pack.sscc?.rawValue == "000123456000000005")
        #expect(pack.items.first?.shippedQuantity.value == DecimalNumber(10))
        #expect(pack.items.first?.orderedQuantity?.value == DecimalNumber(12))
        #expect(asn.parties.first?.identifiers?.first == PartyIdentifier(scheme: "GLN", value: "5412345000013"))
    }

    @Test func edifactStatusReportOneEventPerSTS() throws {
        let text =
            "UNB+UNOC:3+CARRIER:14+SHIPPER:14+260714:0800+78'UNH+1+IFTSTA:D:01B:UN'BGM+23+ST-1+9'"
            + "CNI+1+CONS-9'RFF+BM:BOL-3'STS+1+AA1:::PICKED UP'DTM+334:202607140815:203'LOC+175+DEHAM'"
            + "STS+1+21'DTM+334:202607151200:203'UNT+10+1'UNZ+1+78'"
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(events.count == 2)
        let first = try Self.payload(events[0], TrackingMilestone.self)
        #expect(first.shipmentNumber == "CONS-9")
        #expect(first.billOfLading == "BOL-3")
        #expect(first.statusCode == "AA1")
        #expect(first.statusDescription == "PICKED UP")
        #expect(first.location?.name == "DEHAM")
        #expect(events.map(\.time.text) == ["2026-07-14T08:15:00Z", "2026-07-15T12:00:00Z"])
        #expect(Set(events.map(\.id)).count == 2)
    }

    @Test func rejectedSetsAreNotTranslatedAndMissingDataIsNamed() throws {
        let text = Self.wrap(["ST*940*0001", "N1*ST*SOMEONE", "SE*3*0001"], functional: "OW")
        let problem = try #require(Self.events(text).problems.first)
        #expect(problem.code == .mappingFailed)
        #expect(problem.message == "940 has no W05 segment: the order number is required")
        #expect(problem.position.set == "0001")
    }

    /// Wraps set segments in an ISA/GS envelope with correct counts.
    static func wrap(_ set: [String], functional: String) -> String {
        let isa =
            "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260714*1200*U*00401*000000007*0*P*>"
        let segments =
            [isa, "GS*\(functional)*SENDER*RECEIVER*20260714*1200*7*X*004010"] + set + ["GE*1*7", "IEA*1*000000007"]
        return segments.map { $0 + "~\n" }.joined()
    }
}

extension MappingTests {
    @Test(arguments: [
        ("007", "7"), (".5", "0.5"), ("12.", "12"), ("1,5", "1.5"), ("-0012.50", "-12.50"), ("+3", "3"), ("0", "0"),
        ("-0", "0"),
    ])
    func ediNumbersBecomeDecimals(_ pair: (String, String)) throws {
        let text = Self.wrap(
            [
                "ST*846*0001", "BIA*00*DD*INV-1*20260714", "LIN**SK*S", "QTY*17*\(pair.0)*EA", "SE*5*0001",
            ], functional: "IB")
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let snapshot = try Self.payload(try #require(events.first), InventorySnapshot.self)
        #expect(snapshot.positions.first?.onHand.description == pair.1)
    }

    @Test(arguments: ["", "1.2.3", "12A", "-", "."])
    func nonNumbersAreMappingFailures(_ value: String) throws {
        let text = Self.wrap(
            [
                "ST*846*0001", "BIA*00*DD*INV-1*20260714", "LIN**SK*S", "QTY*17*\(value)*EA", "SE*5*0001",
            ], functional: "IB")
        let problem = try #require(Self.events(text).problems.first)
        #expect(problem.code == .mappingFailed)
    }

    @Test func inventoryAdviceDerivesTheMissingQuantity() throws {
        let text = Self.wrap(
            [
                "ST*846*0001", "BIA*00*DD*INV-1*20260714*0600", "N1*WH*DALLAS DC*92*DAL1",
                "LIN**VN*W-1*UP*012345678905",
                "QTY*17*100*EA", "QTY*33*80*EA", "LIN**SK*SKU-2", "QTY*17*5*CA", "REF*LT*L7", "CTT*2", "SE*11*0001",
            ], functional: "IB")
        let (events, problems) = Self.events(text)
        #expect(problems.isEmpty, "\(problems)")
        let snapshot = try Self.payload(try #require(events.first), InventorySnapshot.self)
        #expect(snapshot.facility == "DAL1")
        #expect(snapshot.asOf.text == "2026-07-14T06:00:00Z")
        #expect(snapshot.positions.map(\.onHand) == [DecimalNumber(100), DecimalNumber(5)])
        #expect(snapshot.positions.map(\.available) == [DecimalNumber(80), DecimalNumber(5)])
        #expect(snapshot.positions.map(\.allocated) == [DecimalNumber(20), DecimalNumber(0)])
        #expect(snapshot.positions.last?.unit == UnitOfMeasure(rawValue: "CA"))
        #expect(snapshot.positions.last?.lot == "L7")
        #expect(snapshot.positions.first?.item.gtin == "012345678905")
    }
}
