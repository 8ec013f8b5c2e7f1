import Foundation
import WireProtocol

/// Writes an X12 940 Warehouse Shipping Order from an `order.released` ``Order``, for warehouses that read EDI.
///
/// The 940 is the inverse of the 940 mapping: translating the written file gives back the same order data
/// (prices and currency excepted — a 940 carries none). W05 holds the order and PO numbers; each party an N1
/// loop (N1/N2/N3/N4/PER); the facility an `N1*WH`; requested dates G62 `10`/`02`, the order date G62 `04`;
/// the carrier W66; notes NTE `WHI`; each line LX + W01 (GTIN in W0103, `VN` vendor part, `BP` buyer part, `SK`
/// SKU) + G69 description; W76 the total quantity.
public struct X12ShippingOrderWriter: Sendable {
    /// Who sends and who receives the 940, and how it is written.
    public struct Envelope: Sendable, Hashable {
        /// ISA05/ISA06 of the sender (crossdock).
        public var senderQualifier: String
        /// ISA06.
        public var senderID: String
        /// ISA07 of the receiver (the warehouse).
        public var receiverQualifier: String
        /// ISA08.
        public var receiverID: String
        /// ISA12, e.g. `00401`.
        public var interchangeVersion: String
        /// GS08, e.g. `004010`.
        public var groupVersion: String
        /// Whether ISA15 says test data.
        public var isTest: Bool
        /// The delimiters written.
        public var delimiters: EDIDelimiters

        /// Creates an envelope; 004010 with `*`, `>`, `~` by default.
        public init(
            senderQualifier: String, senderID: String, receiverQualifier: String, receiverID: String,
            interchangeVersion: String = "00401", groupVersion: String = "004010", isTest: Bool = false,
            delimiters: EDIDelimiters = EDIDelimiters(
                element: UInt8(ascii: "*"), component: UInt8(ascii: ">"), repetition: nil,
                segmentTerminator: [UInt8(ascii: "~")])
        ) {
            self.senderQualifier = senderQualifier
            self.senderID = senderID
            self.receiverQualifier = receiverQualifier
            self.receiverID = receiverID
            self.interchangeVersion = interchangeVersion
            self.groupVersion = groupVersion
            self.isTest = isTest
            self.delimiters = delimiters
        }
    }

    /// The envelope.
    public let envelope: Envelope
    /// Outbound control numbers, kept per receiver.
    public let controlNumbers: any ControlNumberStore
    /// When the file is written.
    public let timestamp: EDITimestamp

    /// Creates a writer.
    public init(envelope: Envelope, controlNumbers: any ControlNumberStore, timestamp: EDITimestamp = .now()) {
        self.envelope = envelope
        self.controlNumbers = controlNumbers
        self.timestamp = timestamp
    }

    /// The N101 code written for each canonical role.
    public static let roleCodes: [String: String] = [
        "ship-to": "ST", "ship-from": "SF", "bill-to": "BT", "sold-to": "BY", "seller": "SE", "remit-to": "RE",
        "carrier": "CA", "shipper": "SH", "consignee": "CN", "depositor": "DE", "ordered-by": "OB",
    ]

    /// The 940 interchange for `order`.
    public func render(_ order: Order) throws -> [UInt8] {
        try envelope.interchange(
            functionalID: "OW", setID: "940", controlNumbers: controlNumbers, timestamp: timestamp
        ) { w in
            w.segment("W05", ["N", order.orderNumber, order.purchaseOrderNumber ?? ""])
            for party in order.parties { Self.writeParty(party, &w) }
            if let facility = order.facility { w.segment("N1", ["WH", "", "91", facility]) }
            if let d = order.requestedShipDate { w.segment("G62", ["10", Self.digits(d)]) }
            if let d = order.requestedDeliveryDate { w.segment("G62", ["02", Self.digits(d)]) }
            if let d = order.orderDate { w.segment("G62", ["04", Self.digits(d)]) }
            for note in order.notes ?? [] { w.segment("NTE", ["WHI", String(note.prefix(80))]) }
            if let c = order.carrier {
                w.segment("W66", ["PP", c.mode ?? "", "", "", c.name ?? "", "", "", "", "", c.scac ?? ""])
            }
            for line in order.lines {
                w.segment("LX", [line.lineNumber])
                let i = line.item
                var elements = [
                    line.quantity.value.description, line.quantity.unit.rawValue, i.gtin ?? "",
                    i.vendorPartNumber == nil ? "" : "VN", i.vendorPartNumber ?? "",
                    i.buyerPartNumber == nil ? "" : "BP", i.buyerPartNumber ?? "",
                ]
                if let sku = i.sku { elements += ["", "", "", "", "", "", "SK", sku] }
                w.segment("W01", elements)
                if let d = line.description { w.segment("G69", [String(d.prefix(45))]) }
            }
            let total = order.lines.reduce(into: Decimal(0)) { $0 += $1.quantity.value.decimalValue }
            w.segment("W76", [DecimalNumber(total)?.description ?? "0"])
        }
    }

    /// A name as N102 (60 characters) and, when longer, N201: split at the last space that fits, so that a
    /// reader joining N1 and N2 with a space gets the name back; a name without such a space is split hard.
    static func splitName(_ name: String) -> (String, String?) {
        guard name.count > 60 else { return (name, nil) }
        let head = name.prefix(61)
        if let space = head.lastIndex(of: " "), space > name.startIndex {
            return (String(name[..<space]), String(name[name.index(after: space)...].prefix(60)))
        }
        return (String(name.prefix(60)), String(name.dropFirst(60).prefix(60)))
    }

    static func writeParty(_ party: Party, _ w: inout X12Writer) {
        let role = party.role.rawValue
        let code = roleCodes[role] ?? (role.hasPrefix("X12:") ? String(role.dropFirst(4)) : "ZZ")
        let name = party.name ?? ""
        let id = party.identifiers?.first
        let (n102, n201) = splitName(name)
        w.segment("N1", [code, n102, id.map { qualifier($0.scheme) } ?? "", id?.value ?? ""])
        if let n201 { w.segment("N2", [n201]) }
        if let a = party.address {
            var lines = a.lines[...]
            while !lines.isEmpty {
                w.segment("N3", Array(lines.prefix(2)))
                lines = lines.dropFirst(2)
            }
            w.segment("N4", [a.city, a.region ?? "", a.postalCode ?? "", a.country])
        }
        if let c = party.contact {
            w.segment(
                "PER",
                [
                    "IC", c.name ?? "", c.phone == nil ? "" : "TE", c.phone ?? "", c.email == nil ? "" : "EM",
                    c.email ?? "",
                ])
        }
    }

    /// The X12 ID code qualifier (66) for a party identifier scheme.
    static func qualifier(_ scheme: String) -> String {
        switch scheme {
        case "DUNS": "1"
        case "DUNS+4": "9"
        case "GLN": "UL"
        case "seller-assigned": "91"
        case "buyer-assigned": "92"
        default: scheme.hasPrefix("X12:") ? String(scheme.dropFirst(4)) : "ZZ"
        }
    }

    static func digits(_ date: LocalDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}
