import Testing

@testable import EdgeAgent

struct CursorTimestampTests {
    @Test(arguments: [
        (DatabaseValue.text("2026-11-27 09:15:00"), "2026-11-27 09:14:30", "2026-11-27T09:15:00Z"),
        (.text("2026-11-27T00:00:10.250+00"), "2026-11-26T23:59:40.250+00", "2026-11-27T00:00:10.250000Z"),
        (.text("2026-11-27 09:15:00.5-05:00"), "2026-11-27 09:14:30.5-05:00", "2026-11-27T09:15:00.500000-05:00"),
        (.text("2026-03-01 00:00:05Z"), "2026-02-28 23:59:35Z", "2026-03-01T00:00:05Z"),
        (.integer(1_764_234_000), "1764233970", "2025-11-27T09:00:00Z"),
        (.text("1764234000123"), "1764233970123", "2025-11-27T09:00:00.123000Z"),
    ])
    func boundIsWrittenInTheColumnsOwnForm(value: DatabaseValue, bound: String, eventTime: String) throws {
        let timestamp = try #require(CursorTimestamp(value))
        #expect(timestamp.minus(.seconds(30)).databaseValue.textValue == bound)
        #expect(timestamp.zonedDateTime?.text == eventTime)
    }

    @Test(arguments: ["", "yesterday", "2026-11-27", "2026-13-01 00:00:00", "2026-11-27 09:15:00 UTC"])
    func unreadableTimestamps(text: String) {
        #expect(CursorTimestamp(.text(text)) == nil)
    }

    @Test func integerColumnsGetIntegerBounds() throws {
        let timestamp = try #require(CursorTimestamp(.integer(100)))
        #expect(timestamp.minus(.seconds(150)).databaseValue == .integer(-50))
    }
}
