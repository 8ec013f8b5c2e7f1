/// An ISO 4217 alphabetic currency code: three upper-case ASCII letters (`USD`, `EUR`).
public struct CurrencyCode: Sendable, Hashable, CustomStringConvertible {
    /// The code.
    public let rawValue: String

    /// Creates a code, or `nil` if `code` is not three upper-case ASCII letters.
    public init?(_ code: String) {
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
        rawValue = code
    }

    /// US dollar.
    public static let usd = CurrencyCode("USD")!
    /// Euro.
    public static let eur = CurrencyCode("EUR")!
    /// Canadian dollar.
    public static let cad = CurrencyCode("CAD")!
    /// Mexican peso.
    public static let mxn = CurrencyCode("MXN")!

    /// The code.
    public var description: String { rawValue }
}

extension CurrencyCode: Codable, JSONLeafCodable {
    /// Reads a code.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \(CurrencyCode.expectation)")
        }
        self = code
    }

    /// Writes the code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static var expectation: String { "an ISO 4217 currency code of three upper-case letters (e.g. USD)" }
    static var placeholder: CurrencyCode { .usd }
    static func decodeLeaf(_ value: JSONValue) -> Result<CurrencyCode, LeafProblem> {
        if case .string(let text) = value, let code = CurrencyCode(text) { return .success(code) }
        return .failure(mismatch(value))
    }
    var leafValue: JSONValue { .string(rawValue) }
}
