import WireProtocol

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
    /// `date` as `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` in UTC (milliseconds truncated; the date part is `????-??-??` outside
    /// the years 0001…9999).
    public static func string(_ date: Date) -> String {
        // Rounded to the microsecond first, so that a binary fraction just below a whole millisecond stays in it.
        let microseconds = Int((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds >= 0 ? microseconds / 1_000 : (microseconds - 999) / 1_000
        let (days, millisecondOfDay) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        let dayCount = millisecondOfDay < 0 ? days - 1 : days
        let inDay = millisecondOfDay < 0 ? millisecondOfDay + 86_400_000 : millisecondOfDay
        // Outside 0001…9999 (a clock far off) the date part says so instead of stopping the log.
        let day = LocalDate(daysSinceEpoch: dayCount)?.description ?? "????-??-??"
        let second = inDay / 1_000
        return day + "T" + pad(second / 3_600, 2) + ":" + pad(second / 60 % 60, 2) + ":" + pad(second % 60, 2) + "."
            + pad(inDay % 1_000, 3) + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
