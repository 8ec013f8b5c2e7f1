import Shared
import WireProtocol

/// Queries shared by the outbox actor and the read-only inspection commands.
enum OutboxReader {
    static func cursors(_ connection: SQLiteConnection) throws(OutboxError) -> [SourceCursor] {
        let rows: [SQLiteRow]
        do {
            rows = try connection.rows("SELECT source, position FROM cursors ORDER BY source")
        } catch {
            throw OutboxError(.storage, error)
        }
        return rows.compactMap { row -> SourceCursor? in
            guard let source = row[0].text else { return nil }
            let position = row[1].text.flatMap { try? JSONValue.parse($0) } ?? .string(row[1].text ?? "")
            return SourceCursor(source: source, position: position)
        }
    }

    static func quarantined(_ connection: SQLiteConnection, limit: Int) throws(OutboxError)
        -> [StoredQuarantinedRecord]
    {
        let rows: [SQLiteRow]
        do {
            rows = try connection.rows(
                "SELECT id, source, location, reason, raw, quarantined_at FROM quarantine ORDER BY id DESC LIMIT ?1",
                [.integer(Int64(limit))])
        } catch {
            throw OutboxError(.storage, error)
        }
        return rows.map { row in
            StoredQuarantinedRecord(
                id: row[0].integer ?? 0,
                record: QuarantinedRecord(
                    source: row[1].text ?? "", location: row[2].text ?? "", reason: row[3].text ?? "",
                    raw: row[4].blob ?? Array((row[4].text ?? "").utf8)),
                quarantinedAtMilliseconds: row[5].integer ?? 0)
        }
    }

    /// Every source's health: its quarantined records (by source) merged with its `source_health` row. An outbox
    /// written by a version without the table has only the quarantine counts.
    static func sourceHealth(_ connection: SQLiteConnection) throws(OutboxError) -> [SourceHealth] {
        var bySource: [String: SourceHealth] = [:]
        do {
            for row in try connection.rows("SELECT source, count(*) FROM quarantine GROUP BY source") {
                guard let source = row[0].text else { continue }
                bySource[source, default: SourceHealth(source: source)].quarantinedCount = Int(row[1].integer ?? 0)
            }
            let hasTable =
                try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'source_health'")?.integer == 1
            if hasTable {
                let rows = try connection.rows(
                    "SELECT source, errors, last_error, last_error_location, last_error_at, failing, recovered_at "
                        + "FROM source_health")
                for row in rows {
                    guard let source = row[0].text else { continue }
                    var health = bySource[source] ?? SourceHealth(source: source)
                    health.errorCount = Int(row[1].integer ?? 0)
                    health.lastError = row[2].text
                    health.lastErrorLocation = row[3].text
                    health.lastErrorAtMilliseconds = row[4].integer
                    health.failing = (row[5].integer ?? 0) != 0
                    health.recoveredAtMilliseconds = row[6].integer
                    bySource[source] = health
                }
            }
        } catch {
            throw OutboxError(.storage, error)
        }
        return bySource.values.sorted { $0.source < $1.source }
    }

    static func count(_ connection: SQLiteConnection, table: String) throws(OutboxError) -> Int {
        do {
            return Int(try connection.scalar("SELECT count(*) FROM \(table)")?.integer ?? 0)
        } catch {
            throw OutboxError(.storage, error)
        }
    }
}
