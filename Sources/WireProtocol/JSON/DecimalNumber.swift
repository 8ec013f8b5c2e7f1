import Foundation

/// An exact decimal number kept in its JSON textual form, for quantities, prices and amounts.
///
/// `DecimalNumber` never goes through `Double`: `1.50` is read and written as `1.50`, and `12` as `12`.
/// Two numbers are equal when they have the same value (`1.50 == 1.5`), whatever their textual form.
/// Use ``decimalValue`` for arithmetic and ``int64Value`` / ``uint64Value`` for integers.
public struct DecimalNumber: Sendable {
    /// The number as written in JSON (`-12`, `1.50`, `2.5e3`).
    public let text: String

    /// Creates a number from JSON number text, or `nil` if `text` is not a JSON number
    /// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    public init?(_ text: String) {
        var text = text
        let valid = text.withUTF8 { DecimalNumber.isJSONNumber($0) }
        guard valid else { return nil }
        self.text = text
    }

    /// Creates a number from text the caller has already checked against the JSON number grammar.
    ///
    /// Package-wide so that the EDI mappings can make a quantity they have checked on its bytes without a second check.
    package init(uncheckedText: String) {
        text = uncheckedText
    }

    /// Creates an integer number.
    public init(_ value: Int64) { text = String(value) }

    /// Creates an integer number.
    public init(_ value: Int) { text = String(value) }

    /// Creates an integer number.
    public init(_ value: UInt64) { text = String(value) }

    /// Creates a number from a `Decimal`, written in plain notation (`Decimal(string: "1.50")` gives `1.5`).
    ///
    /// Returns `nil` for NaN.
    public init?(_ value: Decimal) {
        guard !value.isNaN else { return nil }
        self.init(value.description)
    }

    /// Creates a number from a finite `Double`, written in its shortest round-tripping form.
    ///
    /// Returns `nil` for NaN and infinities, which JSON cannot represent.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9.0e15 {
            self.init(uncheckedText: String(Int64(value)))
        } else {
            self.init(value.description.replacingOccurrences(of: "e+", with: "e"))
        }
    }

    /// Whether the text has no fraction and no exponent.
    public var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The value as `Int64`, if the text is an integer in range.
    public var int64Value: Int64? {
        isInteger ? Int64(text) : nil
    }

    /// The value as `UInt64`, if the text is a non-negative integer in range.
    public var uint64Value: UInt64? {
        isInteger ? UInt64(text) : nil
    }

    /// The value as `Int`, if the text is an integer in range.
    public var intValue: Int? {
        isInteger ? Int(text) : nil
    }

    /// The value as a `Decimal` (38 significant digits; beyond that it is rounded).
    public var decimalValue: Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    /// The nearest `Double`; for display and statistics, never for amounts.
    public var doubleValue: Double {
        Double(text) ?? .nan
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        text.utf8.first == UInt8(ascii: "-") && normalized.negative
    }

    /// Checks `bytes` against the JSON number grammar.
    static func isJSONNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let end = bytes.count
        func digit(_ i: Int) -> Bool { i < end && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if index < end && bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { return false }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while digit(index) { index += 1 }
        }
        if index < end && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        if index < end && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < end && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digit(index) else { return false }
            while digit(index) { index += 1 }
        }
        return index == end
    }

    /// The value as sign, significant digits without leading or trailing zeros, and a power of ten.
    var normalized: (negative: Bool, digits: Substring, exponent: Int) {
        var negative = false
        var mantissa = ""
        var fractionLength = 0
        var exponent = 0
        var inFraction = false
        var exponentText = ""
        var inExponent = false
        for character in text {
            if inExponent {
                exponentText.append(character)
            } else if character == "-" {
                negative = true
            } else if character == "." {
                inFraction = true
            } else if character == "e" || character == "E" {
                inExponent = true
            } else {
                mantissa.append(character)
                if inFraction { fractionLength += 1 }
            }
        }
        if !exponentText.isEmpty {
            let negativeExponent = exponentText.hasPrefix("-")
            let digits = exponentText.drop { $0 == "+" || $0 == "-" || $0 == "0" }
            // Exponents beyond 10^15 are clamped: such numbers compare by their clamped value.
            let magnitude = digits.count > 15 ? 999_999_999_999_999 : (Int(digits) ?? 0)
            exponent = negativeExponent ? -magnitude : magnitude
        }
        exponent -= fractionLength
        var digits = mantissa.drop { $0 == "0" }
        while digits.last == "0" {
            digits = digits.dropLast()
            exponent += 1
        }
        if digits.isEmpty { return (false, "", 0) }
        return (negative, digits, exponent)
    }
}

extension DecimalNumber: Hashable {
    /// Whether both numbers have the same value (`1.50 == 1.5`, `-0 == 0`).
    public static func == (lhs: DecimalNumber, rhs: DecimalNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        let left = lhs.normalized
        let right = rhs.normalized
        return left.negative == right.negative && left.digits == right.digits && left.exponent == right.exponent
    }

    /// Hashes the value, not the textual form.
    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.negative)
        hasher.combine(value.digits)
        hasher.combine(value.exponent)
    }
}

extension DecimalNumber: CustomStringConvertible, ExpressibleByIntegerLiteral {
    /// The JSON text of the number.
    public var description: String { text }

    /// Creates an integer number.
    public init(integerLiteral value: Int64) { self.init(value) }
}

extension DecimalNumber: Codable {
    /// Reads a number. With ``JSONValueDecoder`` the textual form is kept exactly; other decoders go through
    /// `Decimal` (and so may lose trailing zeros).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let number = DecimalNumber(text) {
            self = number
            return
        }
        let decimal = try container.decode(Decimal.self)
        guard let number = DecimalNumber(decimal) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a decimal number")
        }
        self = number
    }

    /// Writes the number. With ``JSONValueEncoder`` the textual form is kept exactly; other encoders get a
    /// `Decimal`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(decimalValue)
    }
}
