/// How one trading partner writes its EDI: the variations the mappings read from here instead of hard-coding.
///
/// Start from ``standard`` and change what a partner does differently:
///
/// ```swift
/// var acme = PartnerProfile.standard
/// acme.name = "acme-wms"
/// acme.localOffsetSeconds = -5 * 3600          // dates without a zone are US Eastern standard time
/// acme.itemQualifiers["IN"] = .sku              // ACME sends its SKU as "buyer's item number"
/// acme.orderNumberElement940 = 3                // and the order number in W0503
/// ```
public struct PartnerProfile: Sendable, Hashable {
    /// Which ``ItemReference`` field a product ID qualifier fills.
    public enum ItemField: String, Sendable, Hashable {
        /// `sku`
        case sku
        /// `gtin`
        case gtin
        /// `buyerPartNumber`
        case buyerPartNumber
        /// `vendorPartNumber`
        case vendorPartNumber
    }

    /// A name for logs and errors.
    public var name: String
    /// The UTC offset, in seconds, of dates and times that carry no time zone (GS04/GS05, BSN, G62 without a
    /// time code, AT7 code `LT`).
    public var localOffsetSeconds: Int
    /// N101 / NAD 3035 entity identifier code → canonical party role (e.g. `ST` → `ship-to`).
    public var partyRoles: [String: String]
    /// Product/service ID qualifier (X12 235, EDIFACT 7143) → item field.
    public var itemQualifiers: [String: ItemField]
    /// Which W05 element holds the order number of a 940: 2 (depositor order number) or 3 (purchase order).
    public var orderNumberElement940: Int
    /// Reference qualifiers (REF01/N901/L1102) that hold a bill of lading number.
    public var billOfLadingQualifiers: Set<String>
    /// Reference qualifiers that hold a carrier PRO number.
    public var proNumberQualifiers: Set<String>
    /// Reference qualifiers that hold a purchase order number.
    public var purchaseOrderQualifiers: Set<String>
    /// Time code (AT707, G6205) → fixed UTC offset in seconds, overriding the built-in US zones.
    public var timeCodeOffsets: [String: Int]
    /// Set identifiers (`940`, `DESADV`, …) not to translate: they are reported as unsupported.
    public var disabledSets: Set<String>
    /// The ISO 4217 currency of amounts when the document names none (no CUR segment).
    public var defaultCurrency: String = "USD"
    /// 846 QTY01 qualifiers (673) of the quantity on hand.
    public var onHandQualifiers846: [String] = ["17", "33"]
    /// 846 QTY01 qualifiers of the quantity available (free to promise); on hand minus allocated when absent.
    public var availableQualifiers846: [String] = ["33"]
    /// 846 QTY01 qualifiers of the allocated (reserved) quantity; on hand minus available when absent.
    public var allocatedQualifiers846: [String] = ["QA", "31"]
    /// Whether an 846 lists every item of the facility (a full snapshot) rather than changes.
    public var inventoryReportsAreComplete = true

    /// What most partners do, following the X12 and EDIFACT code lists.
    public static let standard = PartnerProfile(
        name: "standard",
        localOffsetSeconds: 0,
        partyRoles: [
            "ST": "ship-to", "SF": "ship-from", "SH": "shipper", "BT": "bill-to", "BY": "sold-to", "SO": "sold-to",
            "SE": "seller", "SU": "seller", "VN": "seller", "RE": "remit-to", "RI": "remit-to", "CA": "carrier",
            "CN": "consignee", "DE": "depositor", "WH": "warehouse", "OB": "ordered-by", "DP": "delivery-party",
            "IV": "invoicee", "PW": "pick-up", "DA": "delivery-address", "MA": "ship-to", "CZ": "consignee",
            "CZ ": "consignee", "II": "issuer", "MF": "manufacturer", "UD": "ultimate-destination",
        ],
        itemQualifiers: [
            "SK": .sku, "SN": .sku, "UP": .gtin, "UK": .gtin, "UA": .gtin, "EN": .gtin, "UI": .gtin, "SRV": .gtin,
            "BP": .buyerPartNumber, "IN": .buyerPartNumber, "CB": .buyerPartNumber, "PI": .buyerPartNumber,
            "VN": .vendorPartNumber, "VP": .vendorPartNumber, "MF": .vendorPartNumber, "SA": .vendorPartNumber,
            "MP": .vendorPartNumber,
        ],
        orderNumberElement940: 2,
        billOfLadingQualifiers: ["BM", "BL", "MB"],
        proNumberQualifiers: ["CN", "PN", "PRO"],
        purchaseOrderQualifiers: ["PO", "ON"],
        timeCodeOffsets: [:],
        disabledSets: []
    )

    /// Creates a profile; prefer copying ``standard`` and changing what differs.
    public init(
        name: String, localOffsetSeconds: Int, partyRoles: [String: String], itemQualifiers: [String: ItemField],
        orderNumberElement940: Int, billOfLadingQualifiers: Set<String>, proNumberQualifiers: Set<String>,
        purchaseOrderQualifiers: Set<String>, timeCodeOffsets: [String: Int], disabledSets: Set<String>
    ) {
        self.name = name
        self.localOffsetSeconds = localOffsetSeconds
        self.partyRoles = partyRoles
        self.itemQualifiers = itemQualifiers
        self.orderNumberElement940 = orderNumberElement940
        self.billOfLadingQualifiers = billOfLadingQualifiers
        self.proNumberQualifiers = proNumberQualifiers
        self.purchaseOrderQualifiers = purchaseOrderQualifiers
        self.timeCodeOffsets = timeCodeOffsets
        self.disabledSets = disabledSets
    }
}
