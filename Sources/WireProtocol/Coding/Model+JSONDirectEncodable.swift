// The direct JSON of the canonical model's shared building blocks; member order follows each type's declaration.

extension Party: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 5)
        json.add("role", code: role)
        json.add("name", name)
        json.add("identifiers", identifiers)
        json.add("address", address)
        json.add("contact", contact)
        return json.value
    }
}

extension PartyIdentifier: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 2)
        json.add("scheme", scheme)
        json.add("value", value)
        return json.value
    }
}

extension Address: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 5)
        json.add("lines", lines)
        json.add("city", city)
        json.add("region", region)
        json.add("postalCode", postalCode)
        json.add("country", country)
        return json.value
    }
}

extension Contact: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 3)
        json.add("name", name)
        json.add("phone", phone)
        json.add("email", email)
        return json.value
    }
}

extension ItemReference: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 4)
        json.add("sku", sku)
        json.add("gtin", gtin)
        json.add("buyerPartNumber", buyerPartNumber)
        json.add("vendorPartNumber", vendorPartNumber)
        return json.value
    }
}

extension CarrierService: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 4)
        json.add("scac", scac)
        json.add("name", name)
        json.add("serviceLevel", serviceLevel)
        json.add("mode", mode)
        return json.value
    }
}

extension Quantity: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 2)
        json.add("value", value)
        json.add("unit", code: unit)
        return json.value
    }
}

extension Weight: JSONDirectEncodable {
    var directJSON: JSONValue {
        var json = JSONMembers(capacity: 2)
        json.add("value", value)
        json.add("unit", code: unit)
        return json.value
    }
}
