// Direct reading of the canonical model's shared building blocks (see ``JSONDirectDecodable``).

extension Party: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let role: PartyRole? = r.code("role")
        let name = r.string("name", optional: true)
        let identifiers: [PartyIdentifier]? = r.objects("identifiers", optional: true)
        let address: Address? = r.object("address", optional: true)
        let contact: Contact? = r.object("contact", optional: true)
        guard r.valid, let role else { return nil }
        self.init(role: role, name: name, identifiers: identifiers, address: address, contact: contact)
    }
}

extension PartyIdentifier: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let scheme = r.string("scheme")
        let value = r.string("value")
        guard r.valid, let scheme, let value else { return nil }
        self.init(scheme: scheme, value: value)
    }
}

extension Address: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let lines = r.strings("lines")
        let city = r.string("city")
        let region = r.string("region", optional: true)
        let postalCode = r.string("postalCode", optional: true)
        let country = r.string("country")
        guard r.valid, let lines, let city, let country else { return nil }
        self.init(lines: lines, city: city, region: region, postalCode: postalCode, country: country)
    }
}

extension Contact: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let name = r.string("name", optional: true)
        let phone = r.string("phone", optional: true)
        let email = r.string("email", optional: true)
        guard r.valid else { return nil }
        self.init(name: name, phone: phone, email: email)
    }
}

extension ItemReference: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let sku = r.string("sku", optional: true)
        let gtin = r.string("gtin", optional: true)
        let buyerPartNumber = r.string("buyerPartNumber", optional: true)
        let vendorPartNumber = r.string("vendorPartNumber", optional: true)
        guard r.valid else { return nil }
        self.init(sku: sku, gtin: gtin, buyerPartNumber: buyerPartNumber, vendorPartNumber: vendorPartNumber)
    }
}

extension CarrierService: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let scac = r.string("scac", optional: true)
        let name = r.string("name", optional: true)
        let serviceLevel = r.string("serviceLevel", optional: true)
        let mode = r.string("mode", optional: true)
        guard r.valid else { return nil }
        self.init(scac: scac, name: name, serviceLevel: serviceLevel, mode: mode)
    }
}

extension Quantity: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let value = r.decimal("value")
        let unit: UnitOfMeasure? = r.code("unit")
        guard r.valid, let value, let unit else { return nil }
        self.init(value: value, unit: unit)
    }
}

extension Weight: JSONDirectDecodable {
    init?(directJSON json: JSONValue) {
        guard var r = JSONMemberReader(json) else { return nil }
        let value = r.decimal("value")
        let unit: WeightUnit? = r.code("unit")
        guard r.valid, let value, let unit else { return nil }
        self.init(value: value, unit: unit)
    }
}
