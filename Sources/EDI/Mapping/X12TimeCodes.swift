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
        let t = text.trimmingASCIISpaces()
        guard t.utf8.allSatisfy(EDIBytes.isDigit) else { return nil }
        if t.utf8.count == 8 {
            return LocalDate(year: Int(t.prefix(4))!, month: Int(t.dropFirst(4).prefix(2))!, day: Int(t.suffix(2))!)
        }
        if t.utf8.count == 6 {
            let yy = Int(t.prefix(2))!
            return LocalDate(
                year: yy < 50 ? 2000 + yy : 1900 + yy, month: Int(t.dropFirst(2).prefix(2))!, day: Int(t.suffix(2))!)
        }
        return nil
    }

    /// A timestamp from an X12 date, an optional HHMM[SS] time and a time code.
    static func timestamp(date: String, time: String?, code: String?, profile: PartnerProfile) -> ZonedDateTime? {
        guard let day = self.date(date) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if let time = time?.trimmingASCIISpaces(), !time.isEmpty {
            guard time.utf8.count >= 4, time.utf8.allSatisfy(EDIBytes.isDigit) else { return nil }
            hour = Int(time.prefix(2))!
            minute = Int(time.dropFirst(2).prefix(2))!
            if time.utf8.count >= 6 { second = Int(time.dropFirst(4).prefix(2))! }
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
