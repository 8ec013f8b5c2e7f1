/// A business party in a role: who ships, receives, buys, is billed.
public struct Party: Codable, Sendable, Hashable {
    /// The role: `ship-to`, `ship-from`, `bill-to`, `sold-to`, `seller`, `remit-to`, `carrier`, `shipper`, `consignee`,
    /// or another role name.
    public var role: PartyRole
    /// The party's name.
    public var name: String?
    /// Codes that identify the party (GLN, DUNS, the buyer's store number, …).
    public var identifiers: [PartyIdentifier]?
    /// The postal address.
    public var address: Address?
    /// Who to contact.
    public var contact: Contact?

    /// Creates the value from its members.
    public init(
        role: PartyRole,
        name: String? = nil,
        identifiers: [PartyIdentifier]? = nil,
        address: Address? = nil,
        contact: Contact? = nil
    ) {
        self.role = role
        self.name = name
        self.identifiers = identifiers
        self.address = address
        self.contact = contact
    }
}

/// A code identifying a party or location under a scheme.
public struct PartyIdentifier: Codable, Sendable, Hashable {
    /// The scheme: `GLN`, `DUNS`, `buyer-assigned`, `seller-assigned`, or an X12 identification qualifier as
    /// `X12:<code>` (e.g. `X12:92`).
    public var scheme: String
    /// The identifier.
    public var value: String

    /// Creates the value from its members.
    public init(scheme: String, value: String) {
        self.scheme = scheme
        self.value = value
    }
}

/// A postal address.
public struct Address: Codable, Sendable, Hashable {
    /// Street lines, in order (may be empty).
    public var lines: [String]
    /// City.
    public var city: String
    /// State, province or region code (e.g. `TX`).
    public var region: String?
    /// Postal or ZIP code.
    public var postalCode: String?
    /// ISO 3166-1 alpha-2 country code (e.g. `US`).
    public var country: String

    /// Creates the value from its members.
    public init(lines: [String] = [], city: String, region: String? = nil, postalCode: String? = nil, country: String) {
        self.lines = lines
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }
}

/// A person or desk to contact.
public struct Contact: Codable, Sendable, Hashable {
    /// Name.
    public var name: String?
    /// Telephone number.
    public var phone: String?
    /// E-mail address.
    public var email: String?

    /// Creates the value from its members.
    public init(name: String? = nil, phone: String? = nil, email: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
    }
}
