@testable import EdgeAgent
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The outbox over real SQLite files: atomic capture, gap-free sequences, exact acknowledgement, quota.
struct OutboxTests {
    @Test func appendCommitsEventsQuarantinedRecordsAndCursorTogether() async throws {
        try await withTemporaryDirectory { dir in
            do {
                let outbox = try OutboxFixture.open(dir)
                let bad = QuarantinedRecord(
                    source: "orders", location: "orders.csv:3", reason: "column qty is not a number", raw: Array("x,y".utf8))
                try await outbox.append(OutboxFixture.events(1...3), quarantined: [bad], cursor: OutboxFixture.cursor(300))
            }
            // A fresh process would see exactly this.
            let reopened = try OutboxFixture.open(dir)
            let events = try await OutboxFixture.storedEvents(reopened)
            #expect(events.map(\.sequence) == [1, 2, 3])
            #expect(events.map(\.id) == ["orders.csv:1", "orders.csv:2", "orders.csv:3"])
            #expect(events.allSatisfy { $0.identity == OutboxFixture.identity })
            #expect(try await reopened.cursor(for: "orders") == OutboxFixture.cursor(300))
            let quarantined = try await reopened.quarantined()
            #expect(quarantined.map(\.record.location) == ["orders.csv:3"])
            #expect(quarantined.first?.record.raw == Array("x,y".utf8))
            let report = try OutboxInspector.report(path: dir + "/outbox.sqlite")
            #expect(report.backlog == 3 && report.lastSequence == 3 && report.quarantinedCount == 1)
        }
    }

    /// A transaction that fails half-way (here: the cursor write is made to fail after the events were
    /// inserted) leaves neither events nor cursor, and the next append continues the sequence without a gap.
    @Test func aFailedAppendLeavesNothingBehindAndNoSequenceGap() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            try await outbox.append(OutboxFixture.events(1...2), cursor: OutboxFixture.cursor(200))
            try await outbox.withConnection { connection in
                try connection.execute("""
                    CREATE TRIGGER fail_cursor BEFORE UPDATE ON cursors WHEN NEW.position LIKE '%666%'
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                    """)
            }
            await #expect(throws: (any Error).self) {
                try await outbox.append(OutboxFixture.events(3...5), cursor: OutboxFixture.cursor(666))
            }
            #expect(try await OutboxFixture.storedEvents(outbox).map(\.sequence) == [1, 2])
            #expect(try await outbox.cursor(for: "orders") == OutboxFixture.cursor(200))
            try await outbox.append(OutboxFixture.events(3...5), cursor: OutboxFixture.cursor(500))
            #expect(try await OutboxFixture.storedEvents(outbox).map(\.sequence) == [1, 2, 3, 4, 5])
        }
    }

    @Test func sequencesStayGapFreeAndMonotonicAcrossRestartsAndDeletes() async throws {
        try await withTemporaryDirectory { dir in
            var seen: [UInt64] = []
            for round in 0..<3 {
                let outbox = try OutboxFixture.open(dir)
                let first = round * 4 + 1
                try await outbox.append(OutboxFixture.events(first...(first + 3)), cursor: OutboxFixture.cursor(first + 3))
                let stored = try await OutboxFixture.storedEvents(outbox).map(\.sequence)
                seen += stored
                // Acknowledge everything: the rows go, the counter stays.
                try await outbox.acknowledge(AckMessage(stored: SequenceRangeSet(stored.map { $0...$0 })))
                #expect(try await outbox.statistics().backlog == 0)
            }
            #expect(seen == Array(1...12))
        }
    }

    @Test(arguments: [
        (SequenceRangeSet([2...4, 7...7]), SequenceRangeSet([7...7]), [1, 5, 6, 8, 9, 10] as [UInt64]),
        (SequenceRangeSet([1...10]), SequenceRangeSet(), [] as [UInt64]),
        (SequenceRangeSet([10...10, 1...1]), SequenceRangeSet([1...1]), Array(2...9) as [UInt64]),
        (SequenceRangeSet([11...20]), SequenceRangeSet(), Array(1...10) as [UInt64]),
    ])
    func acknowledgeDeletesExactlyTheStoredSequences(
        stored: SequenceRangeSet, exceptions: SequenceRangeSet, remaining: [UInt64]
    ) async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            try await outbox.append(OutboxFixture.events(1...10), cursor: OutboxFixture.cursor(10))
            let ack = AckMessage(stored: stored, exceptions: exceptions)
            let deleted = try await outbox.acknowledge(ack)
            #expect(deleted == 10 - remaining.count)
            #expect(try await OutboxFixture.storedEvents(outbox).map(\.sequence) == remaining)
            #expect(try await outbox.acknowledge(ack) == 0, "applying an ack twice deletes nothing more")
            #expect(try await outbox.statistics().backlog == UInt64(remaining.count))
        }
    }

    /// At the quota, `append` suspends (the source pauses), nothing is dropped, and acknowledgements resume it.
    @Test func quotaPausesAppendsUntilAcknowledgementsMakeRoomAndNothingIsLost() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir, quota: 256 << 10)
            let total = 2_000
            let producer = Task {
                for batch in stride(from: 1, through: total, by: 100) {
                    try await outbox.append(
                        OutboxFixture.events(batch...(batch + 99), padding: 500), cursor: OutboxFixture.cursor(batch + 99))
                }
            }
            var pausedSeen = false
            for _ in 0..<3_000 where !pausedSeen {
                pausedSeen = try await outbox.statistics().pauseReason == .quota
                if !pausedSeen { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(pausedSeen, "the outbox never reached its quota")
            let whilePaused = try await outbox.statistics()
            #expect(whilePaused.backlog < UInt64(total))
            // Drain like the forwarder would: acknowledge what is stored until the producer is done.
            var received: [UInt64] = []
            for _ in 0..<2_000 {
                let records = try await outbox.records(after: received.last ?? 0, limit: 1_000, maxBytes: .max)
                if !records.isEmpty {
                    received += records.map(\.sequence)
                    try await outbox.acknowledge(
                        AckMessage(stored: [records[0].sequence...records[records.count - 1].sequence]))
                }
                if received.count == total { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            try await producer.value
            #expect(received == (1...UInt64(total)).map { $0 }, "every event arrived once, in order")
            #expect(try await outbox.statistics().pauseReason == nil)
        }
    }

    /// The disk filling up (SQLITE_FULL, forced with `max_page_count`) pauses appends instead of failing them.
    @Test func diskFullIsBackpressureNotACrash() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir, recheck: .milliseconds(50))
            try await outbox.append(OutboxFixture.events(1...10), cursor: OutboxFixture.cursor(10))
            try await outbox.withConnection { connection in
                let pages = try connection.scalar("PRAGMA page_count")?.integer ?? 0
                _ = try connection.rows("PRAGMA max_page_count = \(pages + 2)")
            }
            let producer = Task {
                try await outbox.append(OutboxFixture.events(11...400, padding: 400), cursor: OutboxFixture.cursor(400))
            }
            var reason: Outbox.PauseReason?
            for _ in 0..<3_000 where reason == nil {
                reason = try await outbox.statistics().pauseReason
                if reason == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(reason == .diskFull)
            #expect(try await outbox.statistics().backlog == 10, "the failed transaction wrote nothing")
            try await outbox.withConnection { connection in _ = try connection.rows("PRAGMA max_page_count = 1000000") }
            try await producer.value
            #expect(try await OutboxFixture.storedEvents(outbox).map(\.sequence) == (1...400).map { UInt64($0) })
        }
    }
}
