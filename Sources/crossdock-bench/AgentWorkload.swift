import EdgeAgent
import Shared
import WireProtocol

/// The events the agent benchmark captures, and the in-process measurements on them.
struct AgentWorkload {
    let identity: AgentIdentity
    let padding: Int
    let batch: Int

    /// A captured event numbered `number`.
    func event(_ number: Int) -> CapturedEvent {
        CapturedEvent(
            id: EventIDBuilder.fileRecord(fileIdentity: "bench-orders", offset: UInt64(number) * 512),
            source: "/acme/dc1/agent-a/file/orders", type: EventType(noun: "bench", verb: "recorded"),
            subject: "SO-\(number)", time: ZonedDateTime("2026-11-27T10:00:00Z")!, correlationID: "SO-\(number)",
            data: ["order": .string("SO-\(number)"), "pad": .string(String(repeating: "x", count: padding))])
    }

    /// The size of one stamped event.
    var eventBytes: Int { event(1).stamped(identity: identity, sequence: 1).encoded().count }

    /// Rows/s of plain batched inserts of the same encoded rows: the ceiling for the outbox.
    func rawSQLiteInserts(count: Int, path: String) throws -> Double {
        let connection = try SQLiteConnection(path: path)
        try connection.execute(
            "CREATE TABLE events (sequence INTEGER PRIMARY KEY, captured_at INTEGER, source TEXT, body BLOB)")
        let bodies = (1...min(count, batch)).map { event($0).stamped(identity: identity, sequence: UInt64($0)).encoded() }
        let clock = ContinuousClock()
        let start = clock.now
        var sequence = 0
        while sequence < count {
            let upTo = min(count, sequence + batch)
            try connection.write { connection throws(SQLiteError) in
                let insert = try connection.cachedStatement(
                    "INSERT INTO events (sequence, captured_at, source, body) VALUES (?1, ?2, ?3, ?4)")
                for number in (sequence + 1)...upTo {
                    try insert.run([
                        .integer(Int64(number)), .integer(0), .text("/acme/dc1/agent-a/file/orders"),
                        .blob(bodies[(number - 1) % bodies.count]),
                    ])
                }
            }
            sequence = upTo
        }
        return Double(count) / (clock.now - start).secondsValue
    }

    /// Events/s through `Outbox.append` (stamping, encoding, inserting, cursor), into a fresh outbox.
    func capture(count: Int, path: String) async throws -> Double {
        let outbox = try Outbox(
            path: path, identity: identity, options: Outbox.Options(quotaBytes: 64 << 30))
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var number = 0
        while number < count {
            let upTo = min(count, number + batch)
            let events = ((number + 1)...upTo).map(event)
            let cursor = SourceCursor(source: "orders", position: ["offset": .number(DecimalNumber(Int64(upTo) * 512))])
            let start = clock.now
            try await outbox.append(events, cursor: cursor)
            elapsed += clock.now - start
            number = upTo
        }
        try await outbox.checkpoint()
        return Double(count) / elapsed.secondsValue
    }
}
