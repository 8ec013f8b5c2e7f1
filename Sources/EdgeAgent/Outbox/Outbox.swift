import FoundationEssentials
import Logging
import Shared
import WireProtocol

/// The agent's local outbox: a SQLite file (WAL) holding every captured event until the aggregator acknowledges
/// it, together with each source's cursor and its quarantined records.
///
/// - **Exactly-once capture**: ``append(_:quarantined:cursor:)`` commits the events, the quarantined records and
///   the source's new cursor in one transaction.
/// - **Sequence**: each event gets the agent's next `sequence`, gap-free and monotonic; the last one given out is
///   kept in a `meta` row, so numbers never go back, even after every row was acknowledged and deleted.
/// - **Durability**: `PRAGMA synchronous = FULL` by default. With WAL, `NORMAL` survives a killed process but a
///   power loss may roll back the last commits, and with them the sequence counter: numbers already sent would be
///   handed out again to different events, and events of sources that cannot re-read (a moved file, a changed
///   row) would be lost. `FULL` fsyncs the log on every commit; sources commit in batches, so it costs little
///   (~120,000 vs ~131,000 rows/s at 1,000 rows per transaction on this kind of machine).
/// - **Acknowledgement**: ``acknowledge(_:)`` deletes exactly the sequences an ``AckMessage`` says are stored.
/// - **Disk quota**: when the stored pages reach the quota, or the disk itself is full, `append` suspends
///   (backpressure: the calling source pauses) until acknowledgements make room; one log line and a metric say
///   so when the outbox pauses and resumes. Nothing is dropped.
///
/// Other processes (`status`, `doctor`) may open the same file while the agent runs: WAL lets them read.
public actor Outbox: EventSink {
    /// How the outbox behaves.
    public struct Options: Sendable {
        /// The most bytes of stored pages before appends pause.
        public var quotaBytes: Int64
        /// Appends resume once the stored bytes fall to this fraction of the quota (hysteresis).
        public var resumeFraction: Double
        /// `PRAGMA synchronous`; see the type's discussion for why `FULL` is the default.
        public var durability: SQLiteConnection.Options.Durability
        /// How often a paused append looks again without an acknowledgement (disk freed by someone else).
        public var recheckInterval: Duration

        /// Creates options.
        public init(
            quotaBytes: Int64 = 1 << 30, resumeFraction: Double = 0.9,
            durability: SQLiteConnection.Options.Durability = .full, recheckInterval: Duration = .seconds(2)
        ) {
            self.quotaBytes = quotaBytes
            self.resumeFraction = resumeFraction
            self.durability = durability
            self.recheckInterval = recheckInterval
        }
    }

    /// Why appends are paused.
    public enum PauseReason: String, Sendable {
        /// The stored bytes reached the configured quota.
        case quota
        /// The disk (or file system quota) is full.
        case diskFull = "disk-full"
    }

    /// The outbox file.
    public nonisolated let path: String
    /// The identity stamped on every event.
    public nonisolated let identity: AgentIdentity
    /// The options it was opened with.
    public nonisolated let options: Options

    let connection: SQLiteConnection
    let logger: Logger
    let metrics: OutboxMetrics
    private(set) var usedBytes: Int64
    private(set) var storedCount: UInt64
    private(set) var lastSequence: UInt64
    private(set) var lastAckAt: ZonedDateTime?
    private(set) var pauseReason: PauseReason?
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiterID: UInt64 = 0
    private var appendObservers: [@Sendable (UInt64) -> Void] = []
    /// Sources with a problem recorded in `source_health` that they have not yet got past.
    var failingSources: Set<String> = []

    /// Opens (or creates) the outbox at `path` and brings its schema up to date.
    /// - Throws: ``OutboxError`` with code `cannotOpen`, saying what to do.
    public init(
        path: String, identity: AgentIdentity, options: Options = Options(),
        logger: Logger = Logger(label: "crossdock.agent.outbox")
    ) throws(OutboxError) {
        do {
            // A 2 MiB page cache: the outbox appends and reads in sequence order, a bigger cache only costs memory.
            let connection = try SQLiteConnection(
                path: path, options: .init(durability: options.durability, cacheSize: -2_048))
            try OutboxSchema.migrator.migrate(connection)
            self.connection = connection
            self.usedBytes = try connection.storageBytes()
            self.storedCount = UInt64(try connection.scalar("SELECT count(*) FROM events")?.integer ?? 0)
            self.lastSequence = UInt64(
                try connection.scalar("SELECT value FROM meta WHERE key = ?1", [.text(OutboxSchema.lastSequenceKey)])?
                    .integer ?? 0)
            self.failingSources = Set(
                try connection.rows("SELECT source FROM source_health WHERE failing = 1").compactMap { $0[0].text })
        } catch let error as SQLiteError {
            throw OutboxError(.cannotOpen, error)
        } catch {
            throw OutboxError(.cannotOpen, path: path, "\(error)")
        }
        self.path = path
        self.identity = identity
        self.options = options
        self.logger = logger
        self.metrics = OutboxMetrics()
        metrics.update(backlog: storedCount, bytes: usedBytes, quota: options.quotaBytes)
    }

    /// Calls `observer` with the last sequence after every committed append (to wake the forwarder).
    public func observeAppends(_ observer: @escaping @Sendable (_ lastSequence: UInt64) -> Void) {
        appendObservers.append(observer)
    }

    // MARK: EventSink

    public func append(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor)
        async throws
    {
        while true {
            try await waitUntilThereIsRoom()
            do {
                try write(events, quarantined: quarantined, cursor: cursor)
                if pauseReason == .diskFull { leavePause() }
                break
            } catch let error as SQLiteError where error.code == .diskFull {
                // Nothing was written (the transaction rolled back): wait for room, then try again.
                enterPause(.diskFull, detail: error.description)
                await waitForWakeUp(orAfter: options.recheckInterval)
            }
        }
        for observer in appendObservers { observer(lastSequence) }
    }

    public func cursor(for source: String) async throws -> SourceCursor? {
        let rows: [SQLiteRow]
        do {
            rows = try connection.rows("SELECT position FROM cursors WHERE source = ?1", [.text(source)])
        } catch {
            throw OutboxError(.storage, error)
        }
        guard let text = rows.first?[0].text else { return nil }
        do {
            return SourceCursor(source: source, position: try JSONValue.parse(text))
        } catch {
            throw OutboxError(
                .encoding, path: path,
                "the cursor of source \(source) is not valid JSON (\(error)); run `crossdock-agent doctor`")
        }
    }

    // MARK: Acknowledgement

    /// Deletes exactly the events `ack` says are stored (exceptions included); returns how many rows went.
    ///
    /// Sequences not in the outbox (already deleted, never given out) are ignored, so an ack may be applied
    /// twice.
    @discardableResult
    public func acknowledge(_ ack: AckMessage) throws(OutboxError) -> Int {
        var deleted = 0
        do {
            try connection.write { connection throws(SQLiteError) in
                let statement = try connection.cachedStatement(
                    "DELETE FROM events WHERE sequence BETWEEN ?1 AND ?2")
                for range in ack.stored.ranges {
                    let low = Int64(clamping: range.lowerBound), high = Int64(clamping: range.upperBound)
                    try statement.run([.integer(low), .integer(high)])
                    deleted += connection.changes
                }
                try connection.run(
                    "INSERT INTO meta (key, value) VALUES ('last_ack_at', ?1) "
                        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [.integer(Self.nowMilliseconds())])
            }
            usedBytes = try connection.storageBytes()
        } catch {
            throw OutboxError(.storage, error)
        }
        storedCount -= min(storedCount, UInt64(deleted))
        lastAckAt = .now()
        metrics.acknowledged(deleted, exceptions: Int(clamping: ack.exceptions.count))
        metrics.update(backlog: storedCount, bytes: usedBytes, quota: options.quotaBytes)
        wakeWaiters()
        return deleted
    }

    // MARK: Writing

    private func write(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor) throws {
        let now = Self.nowMilliseconds()
        let position = String(decoding: cursor.position.encoded(), as: UTF8.self)
        let last = try connection.write { connection throws(SQLiteError) -> UInt64 in
            // Read the counter inside the transaction: it is the truth, whatever this actor remembers.
            var sequence = UInt64(
                try connection.scalar("SELECT value FROM meta WHERE key = ?1", [.text(OutboxSchema.lastSequenceKey)])?
                    .integer ?? 0)
            let insert = try connection.cachedStatement(
                "INSERT INTO events (sequence, captured_at, source, body) VALUES (?1, ?2, ?3, ?4)")
            for event in events {
                sequence += 1
                let body = event.encoded(identity: identity, sequence: sequence)
                defer { insert.reset() }
                try insert.bind(.integer(Int64(sequence)), at: 1)
                try insert.bind(.integer(now), at: 2)
                try insert.bind(.text(event.source), at: 3)
                try insert.bind(.blob(body), at: 4)
                try insert.step()
            }
            for record in quarantined {
                try connection.run(
                    "INSERT INTO quarantine (source, location, reason, raw, quarantined_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    [.text(record.source), .text(record.location), .text(record.reason), .blob(record.raw), .integer(now)])
            }
            if !quarantined.isEmpty { try recordQuarantine(quarantined, now: now, in: connection) }
            try connection.run(
                "INSERT INTO cursors (source, position, updated_at) VALUES (?1, ?2, ?3) "
                    + "ON CONFLICT (source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at",
                [.text(cursor.source), .text(position), .integer(now)])
            if !events.isEmpty {
                try connection.run(
                    "UPDATE meta SET value = ?1 WHERE key = ?2",
                    [.integer(Int64(sequence)), .text(OutboxSchema.lastSequenceKey)])
            }
            return sequence
        }
        lastSequence = last
        storedCount += UInt64(events.count)
        usedBytes = try connection.storageBytes()
        logQuarantine(quarantined)
        metrics.appended(events.count, quarantined: quarantined.count)
        metrics.update(backlog: storedCount, bytes: usedBytes, quota: options.quotaBytes)
    }

    // MARK: Backpressure

    /// Returns at once while there is room; otherwise pauses (logging once) until acknowledgements make room.
    private func waitUntilThereIsRoom() async throws {
        while true {
            try Task.checkCancellation()
            if pauseReason == .quota {
                let resumeAt = Int64(Double(options.quotaBytes) * options.resumeFraction)
                if usedBytes <= resumeAt {
                    leavePause()
                    return
                }
            } else if usedBytes >= options.quotaBytes {
                enterPause(
                    .quota,
                    detail: "the outbox holds \(ByteCountText.format(usedBytes)) of its "
                        + "\(ByteCountText.format(options.quotaBytes)) quota (outbox.quota)")
            } else {
                // Not paused, or paused because the disk is full: the write itself finds out.
                return
            }
            await waitForWakeUp(orAfter: options.recheckInterval)
        }
    }

    private func enterPause(_ reason: PauseReason, detail: String) {
        guard pauseReason == nil else {
            pauseReason = reason
            return
        }
        pauseReason = reason
        metrics.paused(true)
        logger.warning(
            "outbox full: sources paused until the aggregator acknowledges events; nothing is dropped",
            metadata: ["reason": "\(reason.rawValue)", "detail": "\(detail)", "outbox": "\(path)"])
    }

    private func leavePause() {
        guard let reason = pauseReason else { return }
        pauseReason = nil
        metrics.paused(false)
        logger.notice(
            "outbox has room again: sources resumed",
            metadata: [
                "reason": "\(reason.rawValue)", "bytes": "\(ByteCountText.format(usedBytes))", "outbox": "\(path)",
            ])
    }

    private func waitForWakeUp(orAfter interval: Duration) async {
        nextWaiterID += 1
        let id = nextWaiterID
        let timer = Task { [weak self] in
            try? await Task.sleep(for: interval)
            await self?.resumeWaiter(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                waiters[id] = continuation
            }
        } onCancel: {
            Task { await self.resumeWaiter(id) }
        }
        timer.cancel()
    }

    private func resumeWaiter(_ id: UInt64) {
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeWaiters() {
        let all = waiters
        waiters.removeAll()
        for continuation in all.values { continuation.resume() }
    }

    /// Runs `body` with the outbox's connection (inspection and fault injection in tests).
    func withConnection<T>(_ body: (SQLiteConnection) throws -> T) rethrows -> T {
        try body(connection)
    }

    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded())
    }
}
