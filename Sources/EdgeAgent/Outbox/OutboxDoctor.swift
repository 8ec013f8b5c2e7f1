import Shared
import WireProtocol

/// What `crossdock-agent doctor` found in an outbox file.
public struct OutboxDoctorReport: Sendable {
    /// A row that could not be used, moved to the `damaged_events` table.
    public struct DamagedRow: Sendable, Hashable {
        /// The row's sequence.
        public var sequence: UInt64
        /// Why it is unusable.
        public var problem: String
    }

    /// The outbox file.
    public var path: String
    /// What `PRAGMA integrity_check` reported; empty when the file's structure is sound.
    public var integrityFindings: [String] = []
    /// How many event rows were read.
    public var checkedRows = 0
    /// Rows moved aside because they do not decode as this agent's CloudEvents.
    public var damagedRows: [DamagedRow] = []
    /// Sources whose cursor is not readable JSON (their source would start over; events would be re-read).
    public var unreadableCursors: [String] = []

    /// Whether anything was wrong.
    public var foundDamage: Bool { !integrityFindings.isEmpty || !damagedRows.isEmpty || !unreadableCursors.isEmpty }
}

/// Checks an outbox file and moves damaged event rows to a quarantine table, keeping everything else.
///
/// Every event row must decode as a CloudEvent whose `sequence` is the row's and whose identity is the agent's.
/// Rows that do not (or cannot even be read) are copied, as far as they can be read, into `damaged_events` with
/// the reason and deleted from `events`, so the forwarder can go on with the rest. Run it with the agent stopped.
public enum OutboxDoctor {
    /// Checks the outbox at `path` and quarantines what is damaged.
    /// - Throws: ``OutboxError`` when the file cannot be opened or written at all.
    public static func examine(path: String, identity: AgentIdentity) throws(OutboxError) -> OutboxDoctorReport {
        var report = OutboxDoctorReport(path: path)
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path)
            report.integrityFindings = (try? connection.integrityCheck()) ?? ["integrity_check could not run"]
            try OutboxSchema.migrator.migrate(connection)
        } catch let error as SQLiteError {
            throw OutboxError(.cannotOpen, error)
        } catch {
            throw OutboxError(.cannotOpen, path: path, "\(error)")
        }
        let sequences: [Int64]
        do {
            sequences = try connection.rows("SELECT sequence FROM events ORDER BY sequence").compactMap { $0[0].integer }
        } catch {
            throw OutboxError(
                .storage, path: path,
                "cannot list the outbox's events (\(error)); the file is too damaged to repair in place: stop the "
                    + "agent, keep a copy of the file for analysis and start with a new outbox")
        }
        for sequence in sequences {
            report.checkedRows += 1
            let body: [UInt8]?
            let problem: String?
            do {
                body = try connection.rows("SELECT body FROM events WHERE sequence = ?1", [.integer(sequence)]).first?[0]
                    .blob
                problem = body.map { Self.problem(in: $0, sequence: UInt64(sequence), identity: identity) } ?? "no body"
            } catch {
                body = nil
                problem = "unreadable: \(error.message)"
            }
            guard let problem else { continue }
            report.damagedRows.append(OutboxDoctorReport.DamagedRow(sequence: UInt64(sequence), problem: problem))
            do {
                try connection.write { connection throws(SQLiteError) in
                    try connection.run(
                        "INSERT INTO damaged_events (sequence, body, problem, found_at) VALUES (?1, ?2, ?3, ?4)",
                        [.integer(sequence), body.map { .blob($0) } ?? .null, .text(problem),
                         .integer(Outbox.nowMilliseconds())])
                    try connection.run("DELETE FROM events WHERE sequence = ?1", [.integer(sequence)])
                }
            } catch {
                throw OutboxError(.storage, error)
            }
        }
        if let rows = try? connection.rows("SELECT source, position FROM cursors") {
            for row in rows where (row[1].text.flatMap { try? JSONValue.parse($0) }) == nil {
                report.unreadableCursors.append(row[0].text ?? "?")
            }
        }
        return report
    }

    /// Why `body` is not a usable event of this outbox, or `nil` if it is.
    static func problem(in body: [UInt8], sequence: UInt64, identity: AgentIdentity) -> String? {
        let event: CloudEvent
        do {
            event = try CloudEvent(jsonBytes: body)
        } catch {
            return "does not decode as a CloudEvent: \(String(describing: error).prefix(300))"
        }
        if event.sequence != sequence { return "its sequence is \(event.sequence), the row's is \(sequence)" }
        if event.identity != identity { return "it belongs to \(event.identity), not to \(identity)" }
        return nil
    }
}
