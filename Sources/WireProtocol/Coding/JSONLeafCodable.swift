/// A value written as one JSON scalar with rules of its own (a timestamp, a currency code, a decimal number).
///
/// ``JSONValueDecoder`` reads such values directly, so that a bad value yields a precise problem
/// ("expected an RFC 3339 timestamp …") and decoding carries on to report the other problems.
protocol JSONLeafCodable: Sendable {
    /// What a valid value looks like, completing "expected …".
    static var expectation: String { get }
    /// A stand-in used after a problem has been recorded, so decoding can continue.
    static var placeholder: Self { get }
    /// Reads the value, or says why it cannot.
    static func decodeLeaf(_ value: JSONValue) -> Result<Self, LeafProblem>
    /// The value as JSON.
    var leafValue: JSONValue { get }
}

/// Why a JSON value is not a valid leaf value: the text completes "path: …".
struct LeafProblem: Error {
    var message: String
}

/// Finds the leaf conformance of a type by identity, which is much cheaper than a dynamic protocol cast on the
/// decoding hot path. The set of leaf types is closed (the protocol is internal).
@inline(__always)
func leafType(of type: Any.Type) -> (any JSONLeafCodable.Type)? {
    let id = ObjectIdentifier(type)
    if id == ObjectIdentifier(DecimalNumber.self) { return DecimalNumber.self }
    if id == ObjectIdentifier(ZonedDateTime.self) { return ZonedDateTime.self }
    if id == ObjectIdentifier(LocalDate.self) { return LocalDate.self }
    if id == ObjectIdentifier(CurrencyCode.self) { return CurrencyCode.self }
    if id == ObjectIdentifier(SSCC.self) { return SSCC.self }
    if id == ObjectIdentifier(JSONValue.self) { return JSONValue.self }
    if id == ObjectIdentifier(SequenceRangeSet.self) { return SequenceRangeSet.self }
    return nil
}

extension JSONLeafCodable {
    /// The standard "expected X, found Y" problem.
    static func mismatch(_ found: JSONValue) -> LeafProblem {
        LeafProblem(message: "expected \(expectation), found \(found.kindDescription)")
    }
}

extension DecimalNumber: JSONLeafCodable {
    static var expectation: String { "a decimal number" }
    static var placeholder: DecimalNumber { DecimalNumber(0) }
    static func decodeLeaf(_ value: JSONValue) -> Result<DecimalNumber, LeafProblem> {
        if case .number(let number) = value { return .success(number) }
        return .failure(mismatch(value))
    }
    var leafValue: JSONValue { .number(self) }
}

extension JSONValue: JSONLeafCodable {
    static var expectation: String { "any JSON value" }
    static var placeholder: JSONValue { .null }
    static func decodeLeaf(_ value: JSONValue) -> Result<JSONValue, LeafProblem> { .success(value) }
    var leafValue: JSONValue { self }
}
