import Shared
import WireProtocol

/// What `crossdock-agent status` shows: the outbox as another process sees it while the agent runs.
public struct OutboxReport: Sendable {
    /// The outbox file.
    public var path: String
    /// Events stored and not yet acknowledged.
    public var backlog: UInt64
    /// The last sequence given out.
    public var lastSequence: UInt64
    /// The smallest unacknowledged sequence, if any.
    public var firstUnackedSequence: UInt64?
    /// When the oldest unacknowledged event was captured (Unix milliseconds).
    public var oldestCapturedAtMilliseconds: Int64?
    /// When the last acknowledgement was applied (Unix milliseconds), as the agent recorded it.
    public var lastAckAtMilliseconds: Int64?
    /// Bytes of stored pages.
    public var usedBytes: Int64
    /// Each source's cursor.
    public var cursors: [SourceCursor]
    /// How many records are quarantined by sources.
    public var quarantinedCount: Int
    /// How many damaged rows `doctor` moved aside.
    public var damagedCount: Int
    /// Each source's quarantined records and last error (sources that never had one are not listed).
    public var sources: [SourceHealth]
}

/// Reads an outbox file read-only, without disturbing the agent that writes it.
public enum OutboxInspector {
    /// Reads the figures of the outbox at `path`.
    /// - Throws: ``OutboxError`` (`cannotOpen` when the file does not exist or is not an outbox).
    public static func report(path: String) throws(OutboxError) -> OutboxReport {
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path, options: .init(readOnly: true))
            guard try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'events'")?.integer == 1 else {
                throw OutboxError(
                    .cannotOpen, path: path, "not an outbox (no events table); check outbox.path in the configuration")
            }
        } catch let error as SQLiteError {
            throw OutboxError(.cannotOpen, error)
        } catch {
            throw error as! OutboxError
        }
        do {
            return try connection.transaction(.deferred) { connection throws(OutboxError) -> OutboxReport in
                func integer(_ sql: String) throws(OutboxError) -> Int64? {
                    do { return try connection.scalar(sql)?.integer } catch { throw OutboxError(.storage, error) }
                }
                return OutboxReport(
                    path: path,
                    backlog: UInt64(try integer("SELECT count(*) FROM events") ?? 0),
                    lastSequence: UInt64(try integer("SELECT value FROM meta WHERE key = 'last_sequence'") ?? 0),
                    firstUnackedSequence: try integer("SELECT min(sequence) FROM events").map { UInt64($0) },
                    oldestCapturedAtMilliseconds: try integer(
                        "SELECT captured_at FROM events ORDER BY sequence LIMIT 1"),
                    lastAckAtMilliseconds: try integer("SELECT value FROM meta WHERE key = 'last_ack_at'"),
                    usedBytes: (try? connection.storageBytes()) ?? 0,
                    cursors: try OutboxReader.cursors(connection),
                    quarantinedCount: try OutboxReader.count(connection, table: "quarantine"),
                    damagedCount: try OutboxReader.count(connection, table: "damaged_events"),
                    sources: try OutboxReader.sourceHealth(connection))
            }
        } catch {
            switch error {
            case .database(let error): throw OutboxError(.storage, error)
            case .body(let error): throw error
            }
        }
    }
}
