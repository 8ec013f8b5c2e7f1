import Shared

/// Reads the aggregator's event store from the side, read-only (the store is in WAL mode, so the aggregator's
/// commits go on): how many events it holds, and which rows became visible since the last look.
struct E2EStoreWatcher {
    /// A stored event as the latency measurement needs it.
    struct Row {
        let storeSequence: Int64
        let subject: String
        /// The event's `time`: when its record was written (milliseconds since 1970).
        let writtenAtMilliseconds: Int64
        /// When the aggregator received its batch (milliseconds since 1970).
        let receivedAtMilliseconds: Int64
    }

    private let connection: SQLiteConnection

    init(path: String) throws {
        connection = try SQLiteConnection(path: path, options: SQLiteConnection.Options(readOnly: true))
    }

    /// The events stored so far (`store_seq` only grows and nothing is deleted during a run: its largest value
    /// is the count, read from the primary key's index instead of counting rows).
    func storedCount() throws -> Int64 {
        try connection.scalar("SELECT coalesce(max(store_seq), 0) FROM events")?.integer ?? 0
    }

    /// The rows stored after `storeSequence`, in store order.
    func rows(after storeSequence: Int64) throws -> [Row] {
        try connection.rows(
            "SELECT store_seq, subject, time_ms, received_at_ms FROM events WHERE store_seq > ?1 ORDER BY store_seq",
            [.integer(storeSequence)]
        ).map { row in
            Row(
                storeSequence: row[0].integer ?? 0, subject: row[1].text ?? "",
                writtenAtMilliseconds: row[2].integer ?? 0, receivedAtMilliseconds: row[3].integer ?? 0)
        }
    }

    /// The counts a finished run is checked against: stored events, exceptions, and the mean size of an event.
    func totals() throws -> (events: Int64, exceptions: Int64, meanEventBytes: Double) {
        let events = try connection.scalar("SELECT count(*) FROM events")?.integer ?? 0
        let exceptions = try connection.scalar("SELECT count(*) FROM exceptions")?.integer ?? 0
        let bytes = try connection.scalar("SELECT avg(length(raw)) FROM events")
        return (events, exceptions, bytes?.real ?? 0)
    }
}
