import Foundation
import Testing
import WireProtocol

/// LocalDate and ZonedDateTime.
struct TimeTests {
    @Test(arguments: [
        "2026-11-27T09:15:00.250-05:00", "2026-11-27T14:15:00Z", "2026-11-27t14:15:00z", "2024-02-29T23:59:60+14:00",
        "2026-01-01T00:00:00.123456789+05:30", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9-23:59",
    ])
    func validTimestampsKeepTheirText(text: String) throws {
        let timestamp = try #require(ZonedDateTime(text))
        #expect(timestamp.text == text)
        #expect(timestamp.description == text)
    }

    @Test(arguments: [
        "", "2026-11-27", "2026-11-27T09:15:00", "2026-11-27 09:15:00Z", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
        "2026-11-27T24:00:00Z", "2026-11-27T09:60:00Z", "2026-11-27T09:15:61Z", "2026-11-27T09:15:00.Z",
        "2026-11-27T09:15:00.1234567890Z", "2026-11-27T09:15:00+0500", "2026-11-27T09:15:00+24:00",
        "2026-11-27T09:15:00Z ", "26-11-27T09:15:00Z", "2026-11-27T09:15:00+05:60",
    ])
    func invalidTimestampsAreRejected(text: String) {
        #expect(ZonedDateTime(text) == nil)
    }

    @Test func offsetAndInstantAreKept() throws {
        let chicago = try #require(ZonedDateTime("2026-11-27T09:15:00.250-06:00"))
        let utc = try #require(ZonedDateTime("2026-11-27T15:15:00.250Z"))
        #expect(chicago.offsetSeconds == -21_600)
        #expect(chicago.hour == 9 && chicago.fractionDigits == "250")
        #expect(chicago.localDate == LocalDate(year: 2026, month: 11, day: 27))
        #expect(chicago.date == utc.date)
        #expect(chicago != utc, "equality compares the written form, offset included")
        #expect(abs(utc.date.timeIntervalSince1970 - 1_795_792_500.25) < 0.0001)
    }

    @Test func formattingFromADate() throws {
        let date = Date(timeIntervalSince1970: 1_795_792_500.25)
        #expect(ZonedDateTime(date: date).text == "2026-11-27T15:15:00.250Z")
        #expect(
            ZonedDateTime(date: date, offsetSeconds: -21_600, fractionDigits: 0).text == "2026-11-27T09:15:00-06:00")
        #expect(
            ZonedDateTime(date: date, offsetSeconds: 19_800, fractionDigits: 6).text
                == "2026-11-27T20:45:00.250000+05:30")
        let before1970 = Date(timeIntervalSince1970: -1.5)
        #expect(ZonedDateTime(date: before1970).text == "1969-12-31T23:59:58.500Z")
        let now = ZonedDateTime.now()
        #expect(abs(now.date.timeIntervalSinceNow) < 5)
    }

    @Test func aTimestampWrittenFromADateReadsBackToTheSameParts() throws {
        var generator = SystemRandomNumberGenerator()
        let offsets = [0, -21_600, 19_800, 86_340, -86_340, 3_600]
        for round in 0..<2_000 {
            let seconds = Double.random(in: -62_135_596_800...253_402_300_000, using: &generator)
            let offset = offsets[round % offsets.count]
            let digits = round % 10
            let written = ZonedDateTime(
                date: Date(timeIntervalSince1970: seconds), offsetSeconds: offset, fractionDigits: digits)
            let read = try #require(ZonedDateTime(written.text), "\(written.text) does not read back")
            #expect(read.localDate == written.localDate, "\(written.text)")
            let readTime: [Int] = [read.hour, read.minute, read.second]
            #expect(readTime == [written.hour, written.minute, written.second], "\(written.text)")
            #expect(read.fractionDigits == written.fractionDigits, "\(written.text)")
            #expect(read.offsetSeconds == written.offsetSeconds, "\(written.text)")
            #expect(abs(read.date.timeIntervalSince1970 - seconds) <= 0.5 * pow(10, -Double(digits)) + 1e-3)
        }
    }

    @Test func timestampsFromParts() throws {
        let day = try #require(LocalDate("2026-12-01"))
        #expect(
            ZonedDateTime(localDate: day, hour: 7, minute: 12, offsetSeconds: -18_000)?.text
                == "2026-12-01T07:12:00-05:00")
        #expect(
            ZonedDateTime(localDate: day, hour: 23, minute: 59, second: 59, fractionDigits: "5", offsetSeconds: 0)?.text
                == "2026-12-01T23:59:59.5Z")
        #expect(ZonedDateTime(localDate: day, hour: 5, minute: 30, offsetSeconds: 19_800)?.offsetSeconds == 19_800)
        #expect(ZonedDateTime(localDate: day, hour: 24, minute: 0, offsetSeconds: 0) == nil)
        #expect(
            ZonedDateTime(localDate: day, hour: 1, minute: 0, fractionDigits: "1234567890", offsetSeconds: 0) == nil)
        #expect(ZonedDateTime(localDate: day, hour: 1, minute: 0, offsetSeconds: 30) == nil)
        #expect(ZonedDateTime(localDate: day, hour: 1, minute: 0, offsetSeconds: 86_400) == nil)
    }

    @Test func localDates() throws {
        #expect(LocalDate("2024-02-29") != nil)
        #expect(LocalDate("2023-02-29") == nil)
        #expect(LocalDate("1900-02-29") == nil)
        #expect(LocalDate("2000-02-29") != nil)
        #expect(LocalDate("2026-1-01") == nil)
        #expect(LocalDate("2026-04-31") == nil)
        let date = try #require(LocalDate("2026-11-27"))
        #expect(date.description == "2026-11-27")
        for text in ["0001-01-01", "0999-10-09", "9999-12-31"] {
            #expect(LocalDate(text)?.description == text)
        }
        #expect(date.daysSinceEpoch == 20_784)
        #expect(LocalDate(daysSinceEpoch: 20_784) == date)
        #expect(LocalDate(daysSinceEpoch: -1) == LocalDate("1969-12-31"))
        #expect(try #require(LocalDate("2026-11-26")) < date)
    }
}
