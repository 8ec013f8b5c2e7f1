import Foundation

extension JSONValue: Codable {
    /// Reads any JSON value.
    ///
    /// With ``JSONValueDecoder`` the value is taken as is. Other decoders go through their own types: numbers
    /// through `Int64` or `Decimal` (Foundation's `JSONDecoder` may lose a number's textual form) and objects
    /// through their keys (in the order the decoder lists them).
    public init(from decoder: any Decoder) throws {
        if let valueDecoder = decoder as? ValueDecoder {
            self = valueDecoder.value ?? .null
            return
        }
        if let container = try? decoder.singleValueContainer() {
            if container.decodeNil() {
                self = .null
                return
            }
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
                return
            }
            if let integer = try? container.decode(Int64.self) {
                self = .number(DecimalNumber(integer))
                return
            }
            if let decimal = try? container.decode(Decimal.self), let number = DecimalNumber(decimal) {
                self = .number(number)
                return
            }
            if let text = try? container.decode(String.self) {
                self = .string(text)
                return
            }
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
            return
        }
        let container = try decoder.container(keyedBy: MemberKey.self)
        var object = JSONObject()
        for key in container.allKeys { object[key.stringValue] = try container.decode(JSONValue.self, forKey: key) }
        self = .object(object)
    }

    /// Writes the value. ``JSONValueEncoder`` keeps it exactly; other encoders get `Int64` or `Decimal` numbers.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .number(let number):
            var container = encoder.singleValueContainer()
            if let integer = number.int64Value {
                try container.encode(integer)
            } else {
                try container.encode(number.decimalValue)
            }
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let elements):
            var container = encoder.unkeyedContainer()
            for element in elements { try container.encode(element) }
        case .object(let object):
            var container = encoder.container(keyedBy: MemberKey.self)
            for member in object { try container.encode(member.value, forKey: MemberKey(member.key)) }
        }
    }

    /// A coding key for any member name.
    private struct MemberKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ key: String) { stringValue = key }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
