import WireProtocol

/// Turns X12 dates, times and time codes (AT707, G6205) into ``LocalDate`` and ``ZonedDateTime``.
///
/// US zone codes follow US daylight saving rules (second Sunday of March to first Sunday of November, 02:00
/// local): `ET`, `CT`, `MT`, `PT` switch between standard and daylight offsets by date; `ES`/`CS`/`MS`/`PS` are
/// always standard, `ED`/`CD`/`MD`/`PD` always daylight; `UT`/`GM`/`Z` are UTC; `LT` and no code use the partner
/// profile's local offset. A profile's ``PartnerProfile/timeCodeOffsets`` override all of these.
enum X12TimeCodes {
    private static let standardHours: [Character: Int] = ["E": -5, "C": -6, "M": -7, "P": -8, "A": -9, "H": -10]

    /// CCYYMMDD or YYMMDD (years 00–49 are 20xx).
    static func date(_ text: String) -> LocalDate? {
        var text = text
        return text.withUTF8 { all -> LocalDate? in
            let t = trimmed(all)
            guard t.count == 8 || t.count == 6, let digits = number(t, 0, t.count) else { return nil }
            if t.count == 8 {
                return LocalDate(year: digits / 10000, month: digits / 100 % 100, day: digits % 100)
            }
            let yy = digits / 10000
            return LocalDate(year: yy < 50 ? 2000 + yy : 1900 + yy, month: digits / 100 % 100, day: digits % 100)
        }
    }

    /// `bytes` without leading and trailing ASCII spaces.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lower = 0
        var upper = bytes.count
        while lower < upper && bytes[lower] == UInt8(ascii: " ") { lower += 1 }
        while upper > lower && bytes[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
        return bytes[lower..<upper]
    }

    /// The value of the `count` digits at `offset` of `bytes`, or `nil` when one is not a digit.
    private static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        var k = bytes.startIndex + offset
        for _ in 0..<count {
            let byte = bytes[k]
            guard EDIBytes.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            k += 1
        }
        return value
    }

    /// A timestamp from an X12 date, an optional HHMM[SS] time and a time code.
    static func timestamp(date: String, time: String?, code: String?, profile: PartnerProfile) -> ZonedDateTime? {
        guard let day = self.date(date) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if var time {
            // HHMM[SS] after trimming; an empty time means midnight, anything else that is not digits is invalid.
            let parsed = time.withUTF8 { all -> (valid: Bool, hour: Int, minute: Int, second: Int) in
                let t = trimmed(all)
                if t.isEmpty { return (true, 0, 0, 0) }
                guard t.count >= 4, t.allSatisfy(EDIBytes.isDigit) else { return (false, 0, 0, 0) }
                return (true, number(t, 0, 2)!, number(t, 2, 2)!, t.count >= 6 ? number(t, 4, 2)! : 0)
            }
            guard parsed.valid else { return nil }
            hour = parsed.hour
            minute = parsed.minute
            second = parsed.second
            guard hour < 24, minute < 60, second < 60 else { return nil }
        }
        let offset = offsetSeconds(code: code, date: day, hour: hour, profile: profile)
        return make(day, hour, minute, second, offset)
    }

    static func offsetSeconds(code: String?, date: LocalDate, hour: Int, profile: PartnerProfile) -> Int {
        guard let code = code?.trimmingASCIISpaces().uppercased(), !code.isEmpty else {
            return profile.localOffsetSeconds
        }
        if let fixed = profile.timeCodeOffsets[code] { return fixed }
        switch code {
        case "UT", "GM", "Z", "UTC", "GMT": return 0
        case "LT": return profile.localOffsetSeconds
        default: break
        }
        guard code.count == 2, let zone = code.first, let base = standardHours[zone] else {
            return profile.localOffsetSeconds
        }
        switch code.last {
        case "S": return base * 3600
        case "D": return (base + 1) * 3600
        case "T": return (base + (isUSDaylightTime(date, hour: hour) ? 1 : 0)) * 3600
        default: return profile.localOffsetSeconds
        }
    }

    /// Whether US daylight saving time is in effect at a local wall-clock date and hour.
    static func isUSDaylightTime(_ date: LocalDate, hour: Int) -> Bool {
        guard date.year >= 2007 else { return date.month > 4 && date.month < 10 }
        func nthSunday(_ n: Int, month: Int) -> Int {
            let first = LocalDate(year: date.year, month: month, day: 1)!
            let weekday = ((first.daysSinceEpoch % 7) + 7 + 4) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
            return 1 + (7 - weekday) % 7 + 7 * (n - 1)
        }
        let start = nthSunday(2, month: 3)
        let end = nthSunday(1, month: 11)
        switch date.month {
        case 4...10: return true
        case 3: return date.day > start || (date.day == start && hour >= 2)
        case 11: return date.day < end || (date.day == end && hour < 2)
        default: return false
        }
    }

    static func make(_ day: LocalDate, _ hour: Int, _ minute: Int, _ second: Int, _ offset: Int) -> ZonedDateTime? {
        guard day.year >= 0, day.month >= 0, day.day >= 0, hour >= 0, minute >= 0, second >= 0 else {
            return makeFromText(day, hour, minute, second, offset)
        }
        // ISO 8601 text written byte by byte, on the stack: YYYY-MM-DDTHH:MM:SS then Z or ±HH:MM. At most 19 digits a
        // number, so 80 bytes always suffice.
        let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 80) { buffer -> String in
            var count = 0
            func byte(_ b: UInt8) {
                buffer[count] = b
                count += 1
            }
            // `n` in decimal, zero-padded to `width` digits.
            func put(_ n: Int, _ width: Int) {
                var digits = 1
                var limit = 10
                while digits < 19 && n >= limit {
                    digits += 1
                    limit &*= 10
                }
                for _ in digits..<max(digits, width) { byte(UInt8(ascii: "0")) }
                var v = n
                for k in stride(from: count + digits - 1, through: count, by: -1) {
                    buffer[k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                count += digits
            }
            put(day.year, 4)
            byte(UInt8(ascii: "-"))
            put(day.month, 2)
            byte(UInt8(ascii: "-"))
            put(day.day, 2)
            byte(UInt8(ascii: "T"))
            put(hour, 2)
            byte(UInt8(ascii: ":"))
            put(minute, 2)
            byte(UInt8(ascii: ":"))
            put(second, 2)
            if offset == 0 {
                byte(UInt8(ascii: "Z"))
            } else {
                let m = abs(offset) / 60
                byte(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                put(m / 60, 2)
                byte(UInt8(ascii: ":"))
                put(m % 60, 2)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
        }
        // A valid day (years 1-9999), a valid time and an offset under a day give text that reads back as these parts,
        // the offset in whole minutes: made from them without reading the text again.
        if hour < 24, minute < 60, second < 60, offset > -86_400, offset < 86_400 {
            let minutes = abs(offset) / 60
            let seconds = (minutes / 60 * 3600 + minutes % 60 * 60) * (offset < 0 ? -1 : 1)
            return ZonedDateTime(
                uncheckedText: text, localDate: day, hour: hour, minute: minute, second: second, offsetSeconds: seconds)
        }
        return ZonedDateTime(text)
    }

    /// ``make(_:_:_:_:_:)`` through string formatting, for values the byte writer does not cover (negatives).
    static func makeFromText(_ day: LocalDate, _ hour: Int, _ minute: Int, _ second: Int, _ offset: Int)
        -> ZonedDateTime?
    {
        func pad(_ n: Int, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        var text =
            "\(pad(day.year, 4))-\(pad(day.month, 2))-\(pad(day.day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
        if offset == 0 {
            text += "Z"
        } else {
            let m = abs(offset) / 60
            text += (offset < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
        }
        return ZonedDateTime(text)
    }
}
