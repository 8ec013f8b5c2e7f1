/// A GS1 Serial Shipping Container Code: 18 digits, the last a GS1 mod-10 check digit.
///
/// Written without the `00` application identifier, e.g. `006141411234567890`.
public struct SSCC: Sendable, Hashable, CustomStringConvertible {
    /// The 18 digits.
    public let rawValue: String

    /// Creates an SSCC, or `nil` if `digits` is not 18 digits with a correct check digit.
    public init?(_ digits: String) {
        guard SSCC.problem(digits) == nil else { return nil }
        rawValue = digits
    }

    /// Creates an SSCC from its first 17 digits by appending the check digit.
    public init?(withoutCheckDigit digits: String) {
        guard digits.utf8.count == 17, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        self.init(digits + String(SSCC.checkDigit(Array(digits.utf8))))
    }

    /// The GS1 check digit of `body` (weights 3, 1, 3, … from the right).
    static func checkDigit(_ body: [UInt8]) -> Int {
        var sum = 0
        for (position, byte) in body.reversed().enumerated() {
            sum += Int(byte - 0x30) * (position % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// Why `digits` is not a valid SSCC, or `nil`.
    static func problem(_ digits: String) -> String? {
        // One pass over the UTF-8 bytes, no copies: 18 digits, weights 3, 1, 3, … from the right of the first 17.
        var count = 0
        var sum = 0
        var last = 0
        for byte in digits.utf8 {
            guard byte >= 0x30 && byte <= 0x39, count < 18 else {
                return "expected an SSCC of 18 digits, found \"\(digits.prefix(40))\""
            }
            let digit = Int(byte - 0x30)
            if count < 17 { sum += digit * (count % 2 == 0 ? 3 : 1) } else { last = digit }
            count += 1
        }
        guard count == 18 else { return "expected an SSCC of 18 digits, found \"\(digits.prefix(40))\"" }
        let expected = (10 - sum % 10) % 10
        guard last == expected else {
            return "SSCC \(digits) has check digit \(last), expected \(expected)"
        }
        return nil
    }

    /// The 18 digits.
    public var description: String { rawValue }
}

extension SSCC: Codable, JSONLeafCodable {
    /// Reads an SSCC.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if let problem = SSCC.problem(text) {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem)
        }
        rawValue = text
    }

    /// Writes the 18 digits.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static var expectation: String { "an SSCC of 18 digits" }
    static var placeholder: SSCC { SSCC(withoutCheckDigit: "00000000000000000")! }
    static func decodeLeaf(_ value: JSONValue) -> Result<SSCC, LeafProblem> {
        guard case .string(let text) = value else { return .failure(mismatch(value)) }
        if let problem = SSCC.problem(text) { return .failure(LeafProblem(message: problem)) }
        return .success(SSCC(text)!)
    }
    var leafValue: JSONValue { .string(rawValue) }
}
