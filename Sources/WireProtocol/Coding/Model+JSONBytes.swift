// The canonical model's shared building blocks write their JSON bytes member by member, in the order of their
// `directJSON`.

extension Party {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("role", code: role)
        json.add("name", name)
        json.add("identifiers", identifiers)
        json.add("address", address)
        json.add("contact", contact)
        json.endObject()
    }
}

extension PartyIdentifier {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("scheme", scheme)
        json.add("value", value)
        json.endObject()
    }
}

extension Address {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("lines", lines)
        json.add("city", city)
        json.add("region", region)
        json.add("postalCode", postalCode)
        json.add("country", country)
        json.endObject()
    }
}

extension Contact {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("name", name)
        json.add("phone", phone)
        json.add("email", email)
        json.endObject()
    }
}

extension ItemReference {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("sku", sku)
        json.add("gtin", gtin)
        json.add("buyerPartNumber", buyerPartNumber)
        json.add("vendorPartNumber", vendorPartNumber)
        json.endObject()
    }
}

extension CarrierService {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("scac", scac)
        json.add("name", name)
        json.add("serviceLevel", serviceLevel)
        json.add("mode", mode)
        json.endObject()
    }
}

extension Quantity {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("value", value)
        json.add("unit", code: unit)
        json.endObject()
    }
}

extension Weight {
    func writeJSON(to json: inout JSONBytesWriter) {
        json.beginObject()
        json.add("value", value)
        json.add("unit", code: unit)
        json.endObject()
    }
}
