/// The identifiers of an item (product); at least one should be present.
public struct ItemReference: Codable, Sendable, Hashable {
    /// The seller's or warehouse's stock-keeping unit.
    public var sku: String?
    /// GS1 Global Trade Item Number (8, 12, 13 or 14 digits; a UPC-A is a 12-digit GTIN).
    public var gtin: String?
    /// The buyer's part number.
    public var buyerPartNumber: String?
    /// The vendor's part number.
    public var vendorPartNumber: String?

    /// Creates the value from its members.
    public init(
        sku: String? = nil,
        gtin: String? = nil,
        buyerPartNumber: String? = nil,
        vendorPartNumber: String? = nil
    ) {
        self.sku = sku
        self.gtin = gtin
        self.buyerPartNumber = buyerPartNumber
        self.vendorPartNumber = vendorPartNumber
    }
}
