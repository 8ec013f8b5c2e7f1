import Foundation
import WireProtocol

/// How a record writes a timestamp or a date, for the mapping's `format` key.
///
/// - `rfc3339` (the default for timestamps): `2026-11-27T09:15:00-05:00`.
/// - `unix` / `unix_ms`: seconds or milliseconds since 1970 (UTC).
/// - A pattern of `yyyy`, `MM`, `dd`, `HH`, `mm`, `ss`, `S…` (fraction digits), `XXX` (`Z` or `±HH:mm`), literal
///   characters and quoted literal letters (`'T'`), e.g. `yyyy-MM-dd HH:mm:ss`, `MM/dd/yyyy`, `yyyyMMdd`. Without `XXX` the configured `offset` applies.
public struct TimestampFormat: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case rfc3339
        case unixSeconds
        case unixMilliseconds
        case pattern([Token])
    }

    enum Token: Sendable, Hashable {
        case year, month, day, hour, minute, second
        case fraction(Int)
        case offset
        case literal(Character)
    }

    let kind: Kind
    /// The UTC offset in seconds for patterns without `XXX`.
    public let offsetSeconds: Int

    /// The text as configured.
    public let text: String

    /// Reads a format and an offset (`Z`, `+02:00`, `-05:00`); the error says what is wrong.
    public init(_ text: String, offset: String = "Z") throws(CanonicalPath.Problem) {
        self.text = text
        guard let seconds = Self.offset(offset) else {
            throw CanonicalPath.Problem(message: "offset \"\(offset)\" is not Z or ±HH:mm")
        }
        offsetSeconds = seconds
        switch text {
        case "rfc3339": kind = .rfc3339
        case "unix": kind = .unixSeconds
        case "unix_ms": kind = .unixMilliseconds
        default:
            var tokens: [Token] = []
            var rest = Substring(text)
            let names: [(String, Token)] = [
                ("yyyy", .year), ("MM", .month), ("dd", .day), ("HH", .hour), ("mm", .minute), ("ss", .second),
                ("XXX", .offset),
            ]
            while let first = rest.first {
                if let (name, token) = names.first(where: { rest.hasPrefix($0.0) }) {
                    tokens.append(token)
                    rest = rest.dropFirst(name.count)
                } else if first == "'" {
                    let literal = rest.dropFirst().prefix { $0 != "'" }
                    guard rest.dropFirst(literal.count + 1).first == "'" else {
                        throw CanonicalPath.Problem(message: "format \"\(text)\" has an unclosed quote")
                    }
                    tokens += literal.map(Token.literal)
                    rest = rest.dropFirst(literal.count + 2)
                } else if first == "S" {
                    let digits = rest.prefix { $0 == "S" }.count
                    tokens.append(.fraction(digits))
                    rest = rest.dropFirst(digits)
                } else if first.isLetter {
                    throw CanonicalPath.Problem(
                        message: "format \"\(text)\" has the unknown letter '\(first)'; use yyyy MM dd HH mm ss S XXX, "
                            + "rfc3339, unix or unix_ms")
                } else {
                    tokens.append(.literal(first))
                    rest = rest.dropFirst()
                }
            }
            guard tokens.contains(.year), tokens.contains(.month), tokens.contains(.day) else {
                throw CanonicalPath.Problem(message: "format \"\(text)\" needs at least yyyy, MM and dd")
            }
            kind = .pattern(tokens)
        }
    }

    /// The RFC 3339 default.
    public static let rfc3339 = try! TimestampFormat("rfc3339")
    /// The `yyyy-MM-dd` default for dates.
    public static let isoDate = try! TimestampFormat("yyyy-MM-dd")

    /// Reads `text` as a timestamp, or says why it cannot.
    public func timestamp(_ text: String) -> Result<ZonedDateTime, CanonicalPath.Problem> {
        let trimmed = text.trimmedForValue
        switch kind {
        case .rfc3339:
            if let value = ZonedDateTime(trimmed) { return .success(value) }
        case .unixSeconds, .unixMilliseconds:
            if let number = Double(trimmed), number.isFinite {
                let seconds = kind == .unixSeconds ? number : number / 1000
                guard ZonedDateTime.representableSeconds.contains(seconds) else {
                    return .failure(
                        CanonicalPath.Problem(
                            message: "\"\(text.prefix(60))\" in the format \(self.text) is outside the years 1–9999"))
                }
                return .success(ZonedDateTime(date: Date(timeIntervalSince1970: seconds)))
            }
        case .pattern(let tokens):
            if let fields = Self.fields(trimmed, tokens) {
                let offset = fields.offset ?? offsetSeconds
                var textValue = "\(pad(fields.year, 4))-\(pad(fields.month, 2))-\(pad(fields.day, 2))"
                textValue += "T\(pad(fields.hour, 2)):\(pad(fields.minute, 2)):\(pad(fields.second, 2))"
                if !fields.fraction.isEmpty { textValue += "." + fields.fraction }
                textValue += Self.offsetText(offset)
                if let value = ZonedDateTime(textValue) { return .success(value) }
            }
        }
        return .failure(CanonicalPath.Problem(message: "\"\(text.prefix(60))\" is not a timestamp in the format \(self.text)"))
    }

    /// Reads `text` as a calendar date, or says why it cannot.
    public func date(_ text: String) -> Result<LocalDate, CanonicalPath.Problem> {
        let trimmed = text.trimmedForValue
        if case .pattern(let tokens) = kind, let fields = Self.fields(trimmed, tokens),
            let date = LocalDate(year: fields.year, month: fields.month, day: fields.day)
        {
            return .success(date)
        }
        if case .rfc3339 = kind {
            if let date = LocalDate(trimmed) { return .success(date) }
            if let value = ZonedDateTime(trimmed) { return .success(value.localDate) }
        }
        return .failure(CanonicalPath.Problem(message: "\"\(text.prefix(60))\" is not a date in the format \(self.text)"))
    }

    private struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction = ""
        var offset: Int?
    }

    private static func fields(_ text: String, _ tokens: [Token]) -> Fields? {
        var fields = Fields()
        var rest = Substring(text)
        func number(_ width: Int) -> Int? {
            let digits = rest.prefix(width)
            guard digits.count == width, digits.allSatisfy(\.isASCII), let value = Int(digits) else { return nil }
            rest = rest.dropFirst(width)
            return value
        }
        for token in tokens {
            switch token {
            case .year: guard let value = number(4) else { return nil }; fields.year = value
            case .month: guard let value = number(2) else { return nil }; fields.month = value
            case .day: guard let value = number(2) else { return nil }; fields.day = value
            case .hour: guard let value = number(2) else { return nil }; fields.hour = value
            case .minute: guard let value = number(2) else { return nil }; fields.minute = value
            case .second: guard let value = number(2) else { return nil }; fields.second = value
            case .fraction(let width):
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty, digits.count <= max(width, 9) else { return nil }
                fields.fraction = String(digits)
                rest = rest.dropFirst(digits.count)
            case .offset:
                if rest.first == "Z" || rest.first == "z" {
                    fields.offset = 0
                    rest = rest.dropFirst()
                } else {
                    guard let value = offset(String(rest.prefix(6))) else { return nil }
                    fields.offset = value
                    rest = rest.dropFirst(6)
                }
            case .literal(let character):
                guard rest.first == character else { return nil }
                rest = rest.dropFirst()
            }
        }
        return rest.isEmpty ? fields : nil
    }

    static func offset(_ text: String) -> Int? {
        if text == "Z" || text == "z" || text == "UTC" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[3] == UInt8(ascii: ":"), let hours = Int(String(decoding: bytes[1...2], as: UTF8.self)),
            let minutes = Int(String(decoding: bytes[4...5], as: UTF8.self)), hours < 24, minutes < 60
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    private static func offsetText(_ seconds: Int) -> String {
        if seconds == 0 { return "Z" }
        let magnitude = abs(seconds)
        return (seconds < 0 ? "-" : "+") + pad(magnitude / 3600, 2) + ":" + pad(magnitude / 60 % 60, 2)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
