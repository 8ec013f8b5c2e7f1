/// A calendar date without time or zone, written `yyyy-MM-dd` (a requested ship date, an invoice date).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year, 0001–9999.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// Creates a date, or `nil` if there is no such day.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilCalendar.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `yyyy-MM-dd`, or returns `nil`.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = CivilCalendar.digits(bytes, 0, 4), let month = CivilCalendar.digits(bytes, 5, 2),
            let day = CivilCalendar.digits(bytes, 8, 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` days after 1970-01-01 (negative for earlier), if it is within 0001–9999.
    public init?(daysSinceEpoch days: Int) {
        let civil = CivilCalendar.date(daysSinceEpoch: days)
        self.init(year: civil.year, month: civil.month, day: civil.day)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { CivilCalendar.daysSinceEpoch(year: year, month: month, day: day) }

    /// `yyyy-MM-dd`.
    public var description: String {
        String(unsafeUninitializedCapacity: LocalDate.textLength) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            writeText(to: base)
            return LocalDate.textLength
        }
    }

    /// The length of ``description``: `yyyy-MM-dd` is always ten bytes (the year is 0001–9999).
    static let textLength = 10

    /// Writes ``description``'s ten bytes to `to`, digit by digit.
    func writeText(to: UnsafeMutablePointer<UInt8>) {
        var rest = year
        for position in stride(from: 3, through: 0, by: -1) {
            to[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
            rest /= 10
        }
        to[4] = UInt8(ascii: "-")
        to[5] = UInt8(truncatingIfNeeded: 0x30 + month / 10)
        to[6] = UInt8(truncatingIfNeeded: 0x30 + month % 10)
        to[7] = UInt8(ascii: "-")
        to[8] = UInt8(truncatingIfNeeded: 0x30 + day / 10)
        to[9] = UInt8(truncatingIfNeeded: 0x30 + day % 10)
    }

    /// Whether `lhs` is the earlier date.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate: Codable, JSONLeafCodable {
    /// Reads a `yyyy-MM-dd` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date yyyy-MM-dd, found \"\(text.prefix(40))\"")
        }
        self = date
    }

    /// Writes a `yyyy-MM-dd` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static var expectation: String { "a date yyyy-MM-dd (e.g. 2026-11-27)" }
    static var placeholder: LocalDate { LocalDate(year: 1970, month: 1, day: 1)! }
    static func decodeLeaf(_ value: JSONValue) -> Result<LocalDate, LeafProblem> {
        if case .string(let text) = value, let date = LocalDate(text) { return .success(date) }
        return .failure(mismatch(value))
    }
    var leafValue: JSONValue { .string(description) }
}
