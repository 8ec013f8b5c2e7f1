import WireProtocol

/// A value of a database source's timestamp column, read so that the source can compute the lower bound of its
/// lag window and write that bound back in the column's own format.
///
/// Understood forms:
/// - integers: Unix time in seconds (magnitudes from 100,000,000,000 on are taken as milliseconds);
/// - text `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-ddTHH:mm:ss`, with optional fraction digits and an optional zone
///   suffix (`Z`, `+00`, `+05:30`, `-0800`), as SQLite applications and PostgreSQL's `timestamp` / `timestamptz`
///   text output write them.
///
/// The bound keeps the value's separator, fraction digits and zone suffix, so it compares correctly with the
/// column in SQLite (text comparison) and PostgreSQL (parsed by the column's type).
struct CursorTimestamp: Sendable, Hashable, Comparable {
    /// How the value was written.
    enum Style: Sendable, Hashable {
        case unixSeconds
        case unixMilliseconds
        case text(separator: Character, fractionDigits: Int, suffix: String)
    }

    /// Microseconds since 1970-01-01T00:00:00 in the value's own zone (the zone suffix is kept, not applied).
    let microseconds: Int64
    /// How to write a value like this one.
    let style: Style
    /// The zone offset the suffix names, in seconds, when it names one.
    let offsetSeconds: Int?
    /// The value was read as a number (bound back as an integer, for SQLite's integer columns).
    let wasInteger: Bool

    static func < (lhs: CursorTimestamp, rhs: CursorTimestamp) -> Bool { lhs.microseconds < rhs.microseconds }

    /// Reads a timestamp column's value, or `nil` when it is NULL or in no understood form.
    init?(_ value: DatabaseValue) {
        switch value {
        case .null: return nil
        case .integer(let number): self.init(unix: number, wasInteger: true)
        case .real(let number):
            guard number.isFinite, abs(number) < 9e15 else { return nil }
            self.init(unix: Int64(number.rounded(.down)), wasInteger: true)
        case .text(let text):
            if let number = Int64(text) {
                self.init(unix: number, wasInteger: false)
            } else if let parsed = CursorTimestamp(text: text) {
                self = parsed
            } else {
                return nil
            }
        }
    }

    private init(microseconds: Int64, style: Style, offsetSeconds: Int?, wasInteger: Bool) {
        self.microseconds = microseconds
        self.style = style
        self.offsetSeconds = offsetSeconds
        self.wasInteger = wasInteger
    }

    private init(unix number: Int64, wasInteger: Bool) {
        let milliseconds = abs(number) >= 100_000_000_000
        self.init(
            microseconds: milliseconds
                ? number.multipliedReportingOverflow(by: 1_000).partialValue
                : number.multipliedReportingOverflow(by: 1_000_000).partialValue,
            style: milliseconds ? .unixMilliseconds : .unixSeconds, offsetSeconds: 0, wasInteger: wasInteger)
    }

    private init?(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
            bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
            let hour = Self.number(bytes, 11, 2), bytes[13] == UInt8(ascii: ":"),
            let minute = Self.number(bytes, 14, 2),
            hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let value = Self.number(bytes, index + 1, 2), value < 61 else { return nil }
            second = value
            index += 3
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
                if fractionDigits < 6 { fraction = fraction * 10 + Int64(bytes[index] - 0x30) }
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in min(fractionDigits, 6)..<6 { fraction *= 10 }
        }
        let suffix = String(decoding: bytes[index...], as: UTF8.self)
        guard let zone = Self.zone(suffix) else { return nil }
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        self.init(
            microseconds: seconds * 1_000_000 + fraction,
            style: .text(
                separator: Character(Unicode.Scalar(bytes[10])), fractionDigits: fractionDigits, suffix: suffix),
            offsetSeconds: zone.offsetSeconds, wasInteger: false)
    }

    /// This timestamp moved back by `duration`, in the same style.
    func minus(_ duration: Duration) -> CursorTimestamp {
        let (seconds, attoseconds) = duration.components
        let delta = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return CursorTimestamp(
            microseconds: microseconds - delta, style: style, offsetSeconds: offsetSeconds, wasInteger: wasInteger)
    }

    /// The value to bind in a comparison with the column. Rounded down, so a bound never excludes a row it should
    /// include.
    var databaseValue: DatabaseValue {
        switch style {
        case .unixSeconds:
            let value = Self.floorDivide(microseconds, 1_000_000)
            return wasInteger ? .integer(value) : .text(String(value))
        case .unixMilliseconds:
            let value = Self.floorDivide(microseconds, 1_000)
            return wasInteger ? .integer(value) : .text(String(value))
        case .text(let separator, let fractionDigits, let suffix):
            let seconds = Self.floorDivide(microseconds, 1_000_000)
            let micros = microseconds - seconds * 1_000_000
            let days = Self.floorDivide(seconds, 86_400)
            let inDay = Int(seconds - days * 86_400)
            let date = LocalDate(daysSinceEpoch: Int(days))?.description ?? "0001-01-01"
            var text =
                "\(date)\(separator)\(Self.pad(inDay / 3_600)):\(Self.pad(inDay / 60 % 60)):\(Self.pad(inDay % 60))"
            if fractionDigits > 0 {
                let digits = String(String(micros + 1_000_000).dropFirst())
                text += "." + digits.prefix(fractionDigits) + String(repeating: "0", count: max(0, fractionDigits - 6))
            }
            return .text(text + suffix)
        }
    }

    /// The instant as an RFC 3339 event time; a value without a zone is taken as UTC.
    var zonedDateTime: ZonedDateTime? {
        let offset = offsetSeconds ?? 0
        let utc = microseconds - Int64(offset) * 1_000_000
        let seconds = Self.floorDivide(utc, 1_000_000)
        let fraction = utc - seconds * 1_000_000
        let days = Self.floorDivide(seconds + Int64(offset), 86_400)
        let inDay = Int(seconds + Int64(offset) - days * 86_400)
        guard let date = LocalDate(daysSinceEpoch: Int(days)) else { return nil }
        var text = "\(date)T\(Self.pad(inDay / 3_600)):\(Self.pad(inDay / 60 % 60)):\(Self.pad(inDay % 60))"
        if fraction > 0 { text += "." + String(String(fraction + 1_000_000).dropFirst()) }
        if offset == 0 {
            text += "Z"
        } else {
            let magnitude = abs(offset)
            text += (offset < 0 ? "-" : "+") + "\(Self.pad(magnitude / 3_600)):\(Self.pad(magnitude / 60 % 60))"
        }
        return ZonedDateTime(text)
    }

    /// What a zone suffix says: nothing (empty suffix) or an offset.
    private struct Zone {
        var offsetSeconds: Int?
    }

    /// Reads a zone suffix: empty, `Z`, `±HH`, `±HH:MM` or `±HHMM`; `nil` for anything else.
    private static func zone(_ suffix: String) -> Zone? {
        if suffix.isEmpty { return Zone(offsetSeconds: nil) }
        if suffix == "Z" || suffix == "z" { return Zone(offsetSeconds: 0) }
        let bytes = Array(suffix.utf8)
        guard bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"), let hours = number(bytes, 1, 2) else {
            return nil
        }
        var minutes = 0
        switch bytes.count {
        case 3: break
        case 5:
            guard let value = number(bytes, 3, 2) else { return nil }
            minutes = value
        case 6:
            guard bytes[3] == UInt8(ascii: ":"), let value = number(bytes, 4, 2) else { return nil }
            minutes = value
        default: return nil
        }
        let seconds = hours * 3_600 + minutes * 60
        return Zone(offsetSeconds: bytes[0] == UInt8(ascii: "-") ? -seconds : seconds)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
