import EDI
import Foundation
import Testing
import WireProtocol

/// A 940 rendered from an `order.released` event and translated back gives the same order.
struct RoundTripTests {
    static let order = Order(
        orderNumber: "SO-1001", purchaseOrderNumber: "PO-77", orderDate: LocalDate("2026-07-10"),
        parties: [
            Party(
                role: .shipTo, name: "Acme Retail Store 12",
                identifiers: [PartyIdentifier(scheme: "GLN", value: "5412345000013")],
                address: Address(
                    lines: ["1 Main Street", "Dock 4"], city: "Dallas", region: "TX", postalCode: "75201", country: "US"
                ),
                contact: Contact(name: "Receiving", phone: "214-555-0100")),
            Party(role: .billTo, name: "Acme Retail HQ", address: Address(city: "Austin", region: "TX", country: "US")),
        ],
        requestedShipDate: LocalDate("2026-07-14"), requestedDeliveryDate: LocalDate("2026-07-16"),
        carrier: CarrierService(scac: "ABCD", name: "ABC FREIGHT", mode: "M"), facility: "DAL1",
        lines: [
            OrderLine(
                lineNumber: "1", item: ItemReference(sku: "SKU-1", gtin: "012345678905", vendorPartNumber: "V-1"),
                description: "Blue widget", quantity: Quantity(value: DecimalNumber(12), unit: .each)),
            OrderLine(
                lineNumber: "2", item: ItemReference(buyerPartNumber: "B-2"),
                quantity: Quantity(value: DecimalNumber("2.5")!, unit: UnitOfMeasure(rawValue: "CA"))),
        ],
        notes: ["Deliver to dock 4"])

    @Test func order940RoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edi-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let writer = X12ShippingOrderWriter(
            envelope: .init(
                senderQualifier: "ZZ", senderID: "CROSSDOCK", receiverQualifier: "ZZ", receiverID: "ACMEWMS"),
            controlNumbers: FileControlNumberStore(path: dir.appendingPathComponent("numbers.tsv").path),
            timestamp: EDITimestamp(date: "20260714", time: "1200"))
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        let event = try CloudEvent(
            id: "order-1", source: "/acme/erp", type: .orderReleased, time: ZonedDateTime("2026-07-14T12:00:00Z")!,
            identity: identity, sequence: 1, payload: Self.order)
        let bytes = try writer.render(try event.payload(as: Order.self))
        let document = EDIDocument.parse(bytes, file: "out.940")
        #expect(document.problems.isEmpty, "\(document.problems)")
        let (events, problems) = EDITranslator(file: "out.940").translate(document)
        #expect(problems.isEmpty, "\(problems)")
        let translated = try #require(events.first)
        #expect(translated.type == .orderReleased)
        let back = try translated.cloudEvent(source: "/edi", identity: identity, sequence: 2).payload(as: Order.self)
        #expect(back == Self.order)
        // A second file gets fresh control numbers.
        let again = String(decoding: try writer.render(Self.order), as: UTF8.self)
        #expect(again.contains("*000000002*0*P*>~"))
    }
}

extension RoundTripTests {
    @Test func loadTender204RoundTrip() throws {
        let shipment = Shipment(
            shipmentNumber: "LOAD-42", orderNumbers: ["SO-1", "SO-2"], purchaseOrderNumbers: ["PO-9"],
            shipDate: LocalDate("2026-07-14")!, estimatedDeliveryDate: LocalDate("2026-07-16"),
            parties: [
                Party(role: .billTo, name: "Acme HQ", address: Address(city: "Austin", region: "TX", country: "US")),
                Party(
                    role: .shipFrom, name: "Dallas DC",
                    identifiers: [PartyIdentifier(scheme: "seller-assigned", value: "DAL1")]),
                Party(
                    role: .shipTo, name: "Store 12",
                    address: Address(
                        lines: ["1 Main St"], city: "Waco", region: "TX", postalCode: "76701", country: "US")),
            ],
            carrier: CarrierService(scac: "ABCD"), billOfLading: "BOL-5", proNumber: "PRO-6",
            totalWeight: Weight(value: DecimalNumber("1200.5")!, unit: .pounds))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edi-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let writer = X12LoadTenderWriter(
            envelope: .init(senderQualifier: "ZZ", senderID: "CROSSDOCK", receiverQualifier: "02", receiverID: "ABCD"),
            controlNumbers: FileControlNumberStore(path: dir.appendingPathComponent("numbers.tsv").path),
            timestamp: EDITimestamp(date: "20260714", time: "1200"))
        let document = EDIDocument.parse(try writer.render(shipment), file: "out.204")
        #expect(document.problems.isEmpty, "\(document.problems)")
        let (events, problems) = EDITranslator(file: "out.204").translate(document)
        #expect(problems.isEmpty, "\(problems)")
        let identity = try AgentIdentity(tenant: "acme", site: "dal1", agent: "agent-1")
        let event = try #require(events.first)
        #expect(event.type == .shipmentTendered)
        let back = try event.cloudEvent(source: "/edi", identity: identity, sequence: 1).payload(as: Shipment.self)
        #expect(back == shipment)
    }
}
