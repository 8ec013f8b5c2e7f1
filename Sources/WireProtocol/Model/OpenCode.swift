/// A code from an open list: the well-known values are static members, and any other value is kept as written.
///
/// Codes are written as JSON strings. Open lists let a partner's new code pass through unchanged instead of
/// failing a whole event.
public protocol OpenCode: RawRepresentable, Codable, Sendable, Hashable, ExpressibleByStringLiteral,
    CustomStringConvertible
where RawValue == String, StringLiteralType == String {
    /// Creates a code from its text.
    init(rawValue: String)
}

extension OpenCode {
    /// Creates a code from a literal.
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    /// The code's text.
    public var description: String { rawValue }
}

/// A unit of measure, as an ANSI X12 element 355 code (`EA` each, `CA` case, `CT` carton, `PL` pallet, `KG`, `LB`).
public struct UnitOfMeasure: OpenCode {
    /// The code.
    public let rawValue: String
    /// Creates a unit from its code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Each (a single unit).
    public static let each: UnitOfMeasure = "EA"
    /// Case.
    public static let `case`: UnitOfMeasure = "CA"
    /// Carton.
    public static let carton: UnitOfMeasure = "CT"
    /// Pallet.
    public static let pallet: UnitOfMeasure = "PL"
    /// Box.
    public static let box: UnitOfMeasure = "BX"
    /// Pack.
    public static let pack: UnitOfMeasure = "PK"
    /// Kilogram.
    public static let kilogram: UnitOfMeasure = "KG"
    /// Pound.
    public static let pound: UnitOfMeasure = "LB"
}

/// A unit of weight: `KG` or `LB` (X12 element 355 codes).
public struct WeightUnit: OpenCode {
    /// The code.
    public let rawValue: String
    /// Creates a unit from its code.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Kilograms.
    public static let kilograms: WeightUnit = "KG"
    /// Pounds.
    public static let pounds: WeightUnit = "LB"
}

/// The role a party plays in a document.
public struct PartyRole: OpenCode {
    /// The role's name.
    public let rawValue: String
    /// Creates a role from its name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Where goods are delivered (X12 N1 `ST`).
    public static let shipTo: PartyRole = "ship-to"
    /// Where goods leave from (X12 N1 `SF`).
    public static let shipFrom: PartyRole = "ship-from"
    /// Who is invoiced (X12 N1 `BT`).
    public static let billTo: PartyRole = "bill-to"
    /// Who bought (X12 N1 `SO` / `BY`).
    public static let soldTo: PartyRole = "sold-to"
    /// Who sells or supplies (X12 N1 `SE` / `SU`).
    public static let seller: PartyRole = "seller"
    /// Where payment goes (X12 N1 `RE`).
    public static let remitTo: PartyRole = "remit-to"
    /// The carrier (X12 N1 `CA`).
    public static let carrier: PartyRole = "carrier"
    /// The shipper on a bill of lading (X12 N1 `SH`).
    public static let shipper: PartyRole = "shipper"
    /// The consignee on a bill of lading (X12 N1 `CN`).
    public static let consignee: PartyRole = "consignee"
}
