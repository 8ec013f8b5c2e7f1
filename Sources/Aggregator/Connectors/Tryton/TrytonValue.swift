import WireProtocol

/// Tryton's JSON-RPC encoding of the values JSON lacks: `Decimal`, `date` and `datetime` as tagged objects.
///
/// Tryton 6.0 writes `{"__class__": "Decimal", "decimal": "80.00"}`, `{"__class__": "date", "year": …}` and
/// `{"__class__": "datetime", …, "microsecond": …}`; Float fields (stock quantities) are plain numbers.
public enum TrytonValue {
    /// A `Decimal` argument.
    public static func decimal(_ value: DecimalNumber) -> JSONValue {
        .object(["__class__": "Decimal", "decimal": .string(value.text)])
    }

    /// A Float field's argument: a JSON number that Python reads as a float (`3` is sent as `3.0`).
    public static func float(_ value: DecimalNumber) -> JSONValue {
        let text = value.text
        if text.contains(".") || text.contains("e") || text.contains("E") { return .number(value) }
        return .number(DecimalNumber(text + ".0") ?? value)
    }

    /// A `date` argument.
    public static func date(_ value: LocalDate) -> JSONValue {
        .object([
            "__class__": "date", "year": .number(DecimalNumber(value.year)),
            "month": .number(DecimalNumber(value.month)), "day": .number(DecimalNumber(value.day)),
        ])
    }

    /// A `datetime` argument (Tryton stores UTC without an offset).
    public static func dateTime(_ value: TrytonTimestamp) -> JSONValue {
        .object([
            "__class__": "datetime", "year": .number(DecimalNumber(value.year)),
            "month": .number(DecimalNumber(value.month)), "day": .number(DecimalNumber(value.day)),
            "hour": .number(DecimalNumber(value.hour)), "minute": .number(DecimalNumber(value.minute)),
            "second": .number(DecimalNumber(value.second)), "microsecond": .number(DecimalNumber(value.microsecond)),
        ])
    }

    /// Reads a number or a `Decimal` object, without trailing fraction zeros (`10.0` → `10`, `12.5000` → `12.5`).
    public static func number(_ value: JSONValue?) -> DecimalNumber? {
        let text: String
        switch value {
        case .number(let number)?: text = number.text
        case .object(let object)? where object["__class__"]?.stringValue == "Decimal":
            guard let decimal = object["decimal"]?.stringValue else { return nil }
            text = decimal
        default: return nil
        }
        guard !text.contains("e"), !text.contains("E"), text.contains(".") else { return DecimalNumber(text) }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        if trimmed == "-0" || trimmed.isEmpty { trimmed = "0" }
        return DecimalNumber(String(trimmed))
    }

    /// Reads a `date` object.
    public static func localDate(_ value: JSONValue?) -> LocalDate? {
        guard let object = value?.objectValue, object["__class__"]?.stringValue == "date" else { return nil }
        guard let year = object["year"]?.numberValue?.intValue, let month = object["month"]?.numberValue?.intValue,
            let day = object["day"]?.numberValue?.intValue
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Reads a `datetime` object.
    public static func timestamp(_ value: JSONValue?) -> TrytonTimestamp? {
        guard let object = value?.objectValue, object["__class__"]?.stringValue == "datetime" else { return nil }
        func part(_ key: String) -> Int? { object[key]?.numberValue?.intValue }
        guard let year = part("year"), let month = part("month"), let day = part("day") else { return nil }
        return TrytonTimestamp(
            year: year, month: month, day: day, hour: part("hour") ?? 0, minute: part("minute") ?? 0,
            second: part("second") ?? 0, microsecond: part("microsecond") ?? 0)
    }

    /// Reads a record id.
    public static func id(_ value: JSONValue?) -> Int? { value?.numberValue?.intValue }

    /// Reads a list of record ids (a One2Many or Many2Many field).
    public static func ids(_ value: JSONValue?) -> [Int] { value?.arrayValue?.compactMap { id($0) } ?? [] }

    /// Reads a dotted field (`party.name`): Tryton 6.0 returns the related record under `party.`.
    public static func related(_ record: JSONObject, _ path: String) -> JSONValue? {
        let parts = path.split(separator: ".").map(String.init)
        var current: JSONObject? = record
        for (index, part) in parts.enumerated() {
            guard let object = current else { return nil }
            if index == parts.count - 1 { return object[part] }
            current = object[part + "."]?.objectValue
        }
        return nil
    }
}

/// A Tryton `datetime` (UTC, microseconds), comparable, for the invoice poll's high-water mark.
public struct TrytonTimestamp: Sendable, Hashable, Comparable {
    /// Calendar and clock parts.
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int

    /// Creates a timestamp from its parts.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
    }

    /// The UTC time `seconds` after 1970-01-01.
    public init(secondsSince1970 seconds: Int64) {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let date = LocalDate(daysSinceEpoch: days) ?? LocalDate(year: 1970, month: 1, day: 1)!
        self.init(
            year: date.year, month: date.month, day: date.day, hour: rest / 3600, minute: rest % 3600 / 60,
            second: rest % 60, microsecond: 0)
    }

    private var key: [Int] { [year, month, day, hour, minute, second, microsecond] }

    /// Earlier first.
    public static func < (lhs: TrytonTimestamp, rhs: TrytonTimestamp) -> Bool {
        lhs.key.lexicographicallyPrecedes(rhs.key)
    }
}
