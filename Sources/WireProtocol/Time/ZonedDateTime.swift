import Foundation

/// An RFC 3339 timestamp that keeps its UTC offset and its fractional seconds exactly as written.
///
/// `2026-11-27T09:15:00.250-05:00` is read and written back unchanged: the local wall time, the offset and the
/// three fraction digits all survive, so a carrier milestone keeps the zone it happened in. ``date`` gives the
/// instant. Equality compares the text: the same instant written with two offsets gives two different values
/// (compare ``date`` for instants).
///
/// Accepted: `yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)` with 1–9 fraction digits, `T`/`Z` in either case,
/// seconds up to 60 (leap second).
public struct ZonedDateTime: Sendable, Hashable, CustomStringConvertible {
    /// The timestamp as written.
    public let text: String
    /// The wall-clock date at the offset.
    public let localDate: LocalDate
    /// Hour 0–23, minute 0–59, second 0–60 of the wall-clock time.
    public let hour: Int, minute: Int, second: Int
    /// The fraction digits as written (empty when there are none).
    public let fractionDigits: String
    /// The offset from UTC in seconds (east positive); `Z` is 0.
    public let offsetSeconds: Int

    /// Reads an RFC 3339 timestamp, or returns `nil`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = CivilCalendar.digits(bytes, 0, 4), let month = CivilCalendar.digits(bytes, 5, 2),
            let day = CivilCalendar.digits(bytes, 8, 2), let date = LocalDate(year: year, month: month, day: day),
            let hour = CivilCalendar.digits(bytes, 11, 2), let minute = CivilCalendar.digits(bytes, 14, 2),
            let second = CivilCalendar.digits(bytes, 17, 2), hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = ""
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
            guard (1...9).contains(index - start) else { return nil }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
        }
        guard index < bytes.count else { return nil }
        let offset: Int
        if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
            guard index + 1 == bytes.count else { return nil }
            offset = 0
        } else {
            guard bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-"), index + 6 == bytes.count,
                bytes[index + 3] == UInt8(ascii: ":"),
                let offsetHours = CivilCalendar.digits(bytes, index + 1, 2),
                let offsetMinutes = CivilCalendar.digits(bytes, index + 4, 2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            let magnitude = offsetHours * 3600 + offsetMinutes * 60
            offset = bytes[index] == UInt8(ascii: "-") ? -magnitude : magnitude
        }
        self.text = text
        self.localDate = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fractionDigits = fraction
        self.offsetSeconds = offset
    }

    /// Creates a timestamp from text its producer wrote from these parts (no fraction), without reading it again.
    ///
    /// Package-wide for producers that format the text themselves (EDI timestamps): the parts must be what
    /// ``init(_:)`` reads from `text`.
    package init(
        uncheckedText text: String, localDate: LocalDate, hour: Int, minute: Int, second: Int, offsetSeconds: Int
    ) {
        self.text = text
        self.localDate = localDate
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fractionDigits = ""
        self.offsetSeconds = offsetSeconds
    }

    /// Builds a timestamp from wall-clock parts, or returns `nil` if a part is out of range.
    ///
    /// - Parameters:
    ///   - fractionDigits: The fraction of a second as 0–9 decimal digits (`"250"`), or empty for none.
    ///   - offsetSeconds: The offset from UTC, a whole number of minutes within ±23:59; 0 is written `Z`.
    public init?(
        localDate: LocalDate, hour: Int, minute: Int, second: Int = 0, fractionDigits: String = "", offsetSeconds: Int
    ) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second),
            fractionDigits.utf8.count <= 9, fractionDigits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            offsetSeconds % 60 == 0, abs(offsetSeconds) < 86_400
        else { return nil }
        var text =
            localDate.description + "T" + CivilCalendar.pad(hour, 2) + ":" + CivilCalendar.pad(minute, 2) + ":"
            + CivilCalendar.pad(second, 2)
        if !fractionDigits.isEmpty { text += "." + fractionDigits }
        if offsetSeconds == 0 {
            text += "Z"
        } else {
            let magnitude = abs(offsetSeconds)
            text +=
                (offsetSeconds < 0 ? "-" : "+") + CivilCalendar.pad(magnitude / 3600, 2) + ":"
                + CivilCalendar.pad(magnitude / 60 % 60, 2)
        }
        self.init(text)
    }

    /// Writes `date` as seen at `offsetSeconds` from UTC, with `fractionDigits` (0–9) fraction digits.
    ///
    /// An offset of 0 is written `Z`. Offsets are rounded to whole minutes and clamped to ±23:59.
    public init(date: Date, offsetSeconds: Int = 0, fractionDigits: Int = 3) {
        let digits = min(max(fractionDigits, 0), 9)
        let offset = min(max(offsetSeconds / 60 * 60, -86_340), 86_340)
        let scale = ZonedDateTime.powersOfTen[digits]
        let local = date.timeIntervalSince1970 + Double(offset)
        let scaled = (local * scale).rounded()
        let wholeSeconds = Int((scaled / scale).rounded(.down))
        let fractionValue = Int(scaled - Double(wholeSeconds) * scale)
        let days = Int((Double(wholeSeconds) / 86_400).rounded(.down))
        let secondOfDay = wholeSeconds - days * 86_400
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        guard let localDate = LocalDate(year: civil.year, month: civil.month, day: civil.day) else {
            preconditionFailure("\(date) is outside the years 1–9999 an RFC 3339 timestamp holds: check representableSeconds first")
        }
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        let magnitude = abs(offset)
        // yyyy-MM-ddTHH:mm:ss, "." and up to 9 digits, then Z or ±HH:mm: at most 35 bytes, written once.
        self.text = String(unsafeUninitializedCapacity: 35) { out in
            localDate.writeText(to: out.baseAddress!)
            var count = LocalDate.textLength
            func put(_ value: Int, width: Int) {
                var rest = value
                for place in stride(from: count + width - 1, through: count, by: -1) {
                    out[place] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
                count += width
            }
            func put(_ byte: Unicode.Scalar) {
                out[count] = UInt8(ascii: byte)
                count += 1
            }
            put("T"); put(hour, width: 2); put(":"); put(minute, width: 2); put(":"); put(second, width: 2)
            if digits > 0 { put("."); put(fractionValue, width: digits) }
            if offset == 0 {
                put("Z")
            } else {
                put(offset < 0 ? "-" : "+"); put(magnitude / 3600, width: 2); put(":"); put(magnitude / 60 % 60, width: 2)
            }
            return count
        }
        self.localDate = localDate
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fractionDigits = digits > 0 ? CivilCalendar.pad(fractionValue, digits) : ""
        self.offsetSeconds = offset
    }

    /// 10⁰ through 10⁹, the scales of 0 to 9 fraction digits.
    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// The instants a timestamp can hold, in seconds since 1970: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    ///
    /// ``init(date:offsetSeconds:fractionDigits:)`` stops the program outside it; check untrusted input first.
    public static let representableSeconds: ClosedRange<Double> = -62_135_596_800...253_402_300_799.999

    /// The current time in UTC, with millisecond precision.
    public static func now() -> ZonedDateTime { ZonedDateTime(date: Date()) }

    /// The instant.
    public var date: Date {
        let days = Double(localDate.daysSinceEpoch)
        let seconds = days * 86_400 + Double(hour * 3600 + minute * 60 + second - offsetSeconds)
        let fraction = fractionDigits.isEmpty ? 0 : (Double("0." + fractionDigits) ?? 0)
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    /// The timestamp as written.
    public var description: String { text }
}

extension ZonedDateTime: Codable, JSONLeafCodable {
    /// Reads an RFC 3339 string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ZonedDateTime(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected \(ZonedDateTime.expectation), found \"\(text.prefix(40))\"")
        }
        self = value
    }

    /// Writes the RFC 3339 string as it was read or built.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    static var expectation: String { "an RFC 3339 timestamp with offset (e.g. 2026-11-27T09:15:00.250-05:00)" }
    static var placeholder: ZonedDateTime { ZonedDateTime("1970-01-01T00:00:00Z")! }
    static func decodeLeaf(_ value: JSONValue) -> Result<ZonedDateTime, LeafProblem> {
        if case .string(let text) = value, let timestamp = ZonedDateTime(text) { return .success(timestamp) }
        return .failure(mismatch(value))
    }
    var leafValue: JSONValue { .string(text) }
}
