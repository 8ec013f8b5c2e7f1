// The members of the canonical model's shared building blocks, listed once for both their JSON tree and their JSON
// bytes; member order follows each type's declaration.

extension Party: JSONDirectEncodable {
    static var jsonMemberCount: Int { 5 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("role", code: role)
        json.add("name", name)
        json.add("identifiers", identifiers)
        json.add("address", address)
        json.add("contact", contact)
    }
}

extension PartyIdentifier: JSONDirectEncodable {
    static var jsonMemberCount: Int { 2 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("scheme", scheme)
        json.add("value", value)
    }
}

extension Address: JSONDirectEncodable {
    static var jsonMemberCount: Int { 5 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("lines", lines)
        json.add("city", city)
        json.add("region", region)
        json.add("postalCode", postalCode)
        json.add("country", country)
    }
}

extension Contact: JSONDirectEncodable {
    static var jsonMemberCount: Int { 3 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("name", name)
        json.add("phone", phone)
        json.add("email", email)
    }
}

extension ItemReference: JSONDirectEncodable {
    static var jsonMemberCount: Int { 4 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("sku", sku)
        json.add("gtin", gtin)
        json.add("buyerPartNumber", buyerPartNumber)
        json.add("vendorPartNumber", vendorPartNumber)
    }
}

extension CarrierService: JSONDirectEncodable {
    static var jsonMemberCount: Int { 4 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("scac", scac)
        json.add("name", name)
        json.add("serviceLevel", serviceLevel)
        json.add("mode", mode)
    }
}

extension Quantity: JSONDirectEncodable {
    static var jsonMemberCount: Int { 2 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("value", value)
        json.add("unit", code: unit)
    }
}

extension Weight: JSONDirectEncodable {
    static var jsonMemberCount: Int { 2 }

    @inline(__always)
    func writeMembers<W: JSONObjectWriter & ~Copyable>(to json: inout W) {
        json.add("value", value)
        json.add("unit", code: unit)
    }
}
