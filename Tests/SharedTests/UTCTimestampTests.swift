import Foundation
import Shared
import Testing

/// Log-line timestamps: RFC 3339 in UTC with milliseconds, the same text as Foundation's ISO 8601 format style.
@Suite struct UTCTimestampTests {
    @Test func knownInstants() {
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 1_795_766_299.768)) == "2026-11-27T07:58:19.768Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 951_782_400.001)) == "2000-02-29T00:00:00.001Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: -0.25)) == "1969-12-31T23:59:59.750Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 4_102_444_799.999)) == "2099-12-31T23:59:59.999Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00.000Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 253_402_300_799.5)) == "9999-12-31T23:59:59.500Z")
        // A clock far off: the date part says so, the time of day is still written.
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 253_402_300_800.5)) == "????-??-??T00:00:00.500Z")
    }

    @Test func sameTextAsFoundationsISO8601Style() {
        let style = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: true)
            .timeZone(separator: .omitted)
        // 1900…2100 in steps of 7,919,993.125 s: fractions exact in binary, which both round the same way
        // (Foundation truncates the binary value; UTCTimestamp rounds to the microsecond first).
        var seconds = -2_208_988_800.0
        var checked = 0
        while seconds < 4_102_444_800 {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(UTCTimestamp.string(date) == date.formatted(style), "at \(seconds)")
            seconds += 7_919_993.125
            checked += 1
        }
        #expect(checked > 700)
    }
}
