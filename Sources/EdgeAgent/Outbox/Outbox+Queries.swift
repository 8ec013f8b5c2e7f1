import Shared
import WireProtocol

/// What the forwarder and the status service read from the outbox.
public struct OutboxStatistics: Sendable, Hashable {
    /// Events stored and not yet acknowledged.
    public var backlog: UInt64
    /// The last sequence given out (0 before the first event).
    public var lastSequence: UInt64
    /// When the oldest unacknowledged event was captured (Unix milliseconds), if there is one.
    public var oldestCapturedAtMilliseconds: Int64?
    /// Bytes of stored pages, as the quota counts them.
    public var usedBytes: Int64
    /// The quota.
    public var quotaBytes: Int64
    /// Why appends are paused, if they are.
    public var pauseReason: Outbox.PauseReason?
    /// When the last acknowledgement was applied (this process only).
    public var lastAckAt: ZonedDateTime?

    /// Age in whole seconds of the oldest unacknowledged event at `nowMilliseconds`.
    public func oldestUnackedAgeSeconds(nowMilliseconds: Int64) -> UInt64? {
        oldestCapturedAtMilliseconds.map { UInt64(max(0, nowMilliseconds - $0) / 1_000) }
    }
}

extension Outbox {
    /// Stored events with `lowerBound < sequence ≤ upperBound`, ascending, at most `limit` of them and — beyond
    /// the first — at most `maxBytes` of bodies.
    public func records(after lowerBound: UInt64, through upperBound: UInt64 = UInt64(Int64.max), limit: Int, maxBytes: Int)
        throws(OutboxError) -> [OutboxRecord]
    {
        guard upperBound > lowerBound, limit > 0 else { return [] }
        var records: [OutboxRecord] = []
        records.reserveCapacity(min(limit, 4_096))
        do {
            let statement = try connection.cachedStatement(
                "SELECT sequence, captured_at, body FROM events WHERE sequence > ?1 AND sequence <= ?2 "
                    + "ORDER BY sequence LIMIT ?3")
            defer { statement.reset() }
            try statement.bind(.integer(Int64(clamping: lowerBound)), at: 1)
            try statement.bind(.integer(Int64(clamping: upperBound)), at: 2)
            try statement.bind(.integer(Int64(limit)), at: 3)
            var bytes = 0
            while try statement.step() {
                let body = statement.withBlob(2) { Array($0) }
                if !records.isEmpty && bytes + body.count > maxBytes { break }
                bytes += body.count
                records.append(
                    OutboxRecord(
                        sequence: UInt64(statement.int64(0)), capturedAtMilliseconds: statement.int64(1), body: body))
            }
        } catch {
            throw OutboxError(.storage, error)
        }
        return records
    }

    /// The smallest stored sequence, if any event is stored.
    public func firstStoredSequence() throws(OutboxError) -> UInt64? {
        do {
            return try connection.scalar("SELECT min(sequence) FROM events")?.integer.map { UInt64($0) }
        } catch {
            throw OutboxError(.storage, error)
        }
    }

    /// What changes whenever an event is captured or acknowledged: the last sequence and the backlog.
    public struct ActivityMark: Sendable, Hashable {
        /// The last sequence given out.
        public var lastSequence: UInt64
        /// Events stored and not yet acknowledged.
        public var backlog: UInt64
    }

    /// The current ``ActivityMark``, from memory (no query): cheap enough to poll every second.
    public func activityMark() -> ActivityMark {
        ActivityMark(lastSequence: lastSequence, backlog: storedCount)
    }

    /// The figures of the outbox now.
    public func statistics() throws(OutboxError) -> OutboxStatistics {
        let oldest: Int64?
        do {
            oldest = try connection.scalar("SELECT captured_at FROM events ORDER BY sequence LIMIT 1")?.integer
        } catch {
            throw OutboxError(.storage, error)
        }
        return OutboxStatistics(
            backlog: storedCount, lastSequence: lastSequence, oldestCapturedAtMilliseconds: oldest,
            usedBytes: usedBytes, quotaBytes: options.quotaBytes, pauseReason: pauseReason, lastAckAt: lastAckAt)
    }

    /// Every source's committed cursor, by source name.
    public func cursors() throws(OutboxError) -> [SourceCursor] {
        try OutboxReader.cursors(connection)
    }

    /// The quarantined records, newest first, at most `limit`.
    public func quarantined(limit: Int = 100) throws(OutboxError) -> [StoredQuarantinedRecord] {
        try OutboxReader.quarantined(connection, limit: limit)
    }

    /// How many records are quarantined.
    public func quarantinedCount() throws(OutboxError) -> Int {
        try OutboxReader.count(connection, table: "quarantine")
    }

    /// Writes the WAL back into the database file (on a clean shutdown).
    public func checkpoint() throws(OutboxError) {
        do {
            try connection.checkpoint()
        } catch {
            throw OutboxError(.storage, error)
        }
    }
}
