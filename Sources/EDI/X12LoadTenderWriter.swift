import WireProtocol

/// Writes an X12 204 Motor Carrier Load Tender from a `shipment.tendered` ``Shipment``.
///
/// The inverse of the 204 mapping: B2 (B202 SCAC, B204 shipment number, B206 `PP`), B2A `00`, L11 bill of
/// lading (`BM`), PRO (`CN`) and PO numbers (`PO`), N1 loops for the parties other than ship-from and ship-to,
/// then stop 1 (S5 `LD`: G62 `69` ship date, the ship-from N1 loop, an OID per order number) and stop 2
/// (S5 `UL`: G62 `70` estimated delivery, the ship-to N1 loop), and L3 the weight.
public struct X12LoadTenderWriter: Sendable {
    /// The envelope (GS01 is `SM`).
    public let envelope: X12ShippingOrderWriter.Envelope
    /// Outbound control numbers, kept per receiver.
    public let controlNumbers: any ControlNumberStore
    /// When the file is written.
    public let timestamp: EDITimestamp

    /// Creates a writer.
    public init(
        envelope: X12ShippingOrderWriter.Envelope, controlNumbers: any ControlNumberStore,
        timestamp: EDITimestamp = .now()
    ) {
        self.envelope = envelope
        self.controlNumbers = controlNumbers
        self.timestamp = timestamp
    }

    /// The 204 interchange for `shipment`.
    public func render(_ shipment: Shipment) throws -> [UInt8] {
        try envelope.interchange(
            functionalID: "SM", setID: "204", controlNumbers: controlNumbers, timestamp: timestamp
        ) { w in
            w.segment("B2", ["", shipment.carrier?.scac ?? "", "", shipment.shipmentNumber, "", "PP"])
            w.segment("B2A", ["00"])
            if let bol = shipment.billOfLading { w.segment("L11", [bol, "BM"]) }
            if let pro = shipment.proNumber { w.segment("L11", [pro, "CN"]) }
            for po in shipment.purchaseOrderNumbers ?? [] { w.segment("L11", [po, "PO"]) }
            let isStopParty: (Party) -> Bool = { $0.role == .shipFrom || $0.role == .shipTo }
            for party in shipment.parties where !isStopParty(party) { X12ShippingOrderWriter.writeParty(party, &w) }
            w.segment("S5", ["1", "LD"])
            w.segment("G62", ["69", X12ShippingOrderWriter.digits(shipment.shipDate)])
            for party in shipment.parties where party.role == .shipFrom { X12ShippingOrderWriter.writeParty(party, &w) }
            for order in shipment.orderNumbers { w.segment("OID", [order]) }
            w.segment("S5", ["2", "UL"])
            if let d = shipment.estimatedDeliveryDate { w.segment("G62", ["70", X12ShippingOrderWriter.digits(d)]) }
            for party in shipment.parties where party.role == .shipTo { X12ShippingOrderWriter.writeParty(party, &w) }
            if let weight = shipment.totalWeight {
                w.segment(
                    "L3",
                    [
                        weight.value.description, "G", "", "", "", "", "", "", "", "", "",
                        weight.unit == .kilograms ? "K" : "L",
                    ])
            }
        }
    }
}
