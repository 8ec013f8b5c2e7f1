#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A UTC date and time for envelopes, as the digits X12 writes (`CCYYMMDD`, `HHMM`).
public struct EDITimestamp: Sendable, Hashable {
    /// `CCYYMMDD`.
    public var date: String
    /// `HHMM`.
    public var time: String

    /// Creates a timestamp from its digits, e.g. `EDITimestamp(date: "20260714", time: "1200")`.
    public init(date: String, time: String) {
        self.date = date
        self.time = time
    }

    /// The current UTC time.
    public static func now() -> EDITimestamp {
        #if canImport(Darwin)
            var t = Darwin.time(nil)
        #else
            var t = Glibc.time(nil)
        #endif
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return EDITimestamp(
            date: "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))",
            time: "\(two(parts.tm_hour))\(two(parts.tm_min))")
    }

    /// `YYMMDD`, as ISA09 wants it.
    public var shortDate: String { String(date.suffix(6)) }
}
