#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-27T09:15:00.250Z`), computed from the seconds since 1970.
///
/// Log lines are stamped with it instead of `Date.ISO8601FormatStyle`, whose first use looks the current time zone
/// up through ICU (the `.iso8601` style builds a Gregorian calendar in the local zone) and so keeps about 0.6 MB of
/// ICU pages and tables resident in every agent. The text is the same, except that an instant whose binary value
/// lies a hair below a whole millisecond shows that millisecond where the format style shows the one before.
public enum UTCTimestamp {
    /// `date` as `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in UTC (milliseconds truncated, years 0001…9999).
    public static func string(_ date: Date) -> String {
        // Rounded to the microsecond first, so that a binary fraction just below a whole millisecond stays in it.
        let microseconds = Int((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1_000 : (microseconds - 999) / 1_000
        let (days, millisecondOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayCount = millisecondOfDay < 0 ? days - 1 : days
        let inDay = millisecondOfDay < 0 ? millisecondOfDay + 86_400_000 : millisecondOfDay
        let (year, month, day) = civilDate(daysSinceEpoch: dayCount)
        let second = inDay / 1_000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(second / 3_600, 2) + ":"
            + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "." + pad(inDay % 1_000, 3) + "Z"
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
