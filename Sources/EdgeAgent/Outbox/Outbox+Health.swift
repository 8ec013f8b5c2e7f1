import Logging
import Shared

extension Outbox {
    /// Records `problem` in the `source_health` table, for `status` (the source logs it itself).
    ///
    /// Never throws: a problem that cannot be recorded (the outbox itself failing) is logged, and the source goes on.
    public func report(_ problem: SourceProblem) {
        do {
            try connection.run(
                OutboxHealthSQL.upsertError,
                [
                    .text(problem.source), .integer(1), .text(problem.message), .text(problem.location),
                    .integer(Self.nowMilliseconds()), .integer(1),
                ])
            failingSources.insert(problem.source)
        } catch {
            logger.error(
                "could not record a source problem in the outbox for `status`",
                metadata: ["source": "\(problem.source)", "error": "\(error)", "outbox": "\(path)"])
        }
    }

    /// Marks `source` as working again, if a problem was recorded for it; does nothing otherwise.
    public func clearProblem(source: String) {
        guard failingSources.contains(source) else { return }
        do {
            try connection.run(
                "UPDATE source_health SET failing = 0, recovered_at = ?2 WHERE source = ?1",
                [.text(source), .integer(Self.nowMilliseconds())])
            failingSources.remove(source)
            logger.notice("source is working again", metadata: ["source": "\(source)"])
        } catch {
            logger.error(
                "could not record in the outbox that a source works again",
                metadata: ["source": "\(source)", "error": "\(error)", "outbox": "\(path)"])
        }
    }

    /// Every source's health: quarantined records and last error, by source name.
    public func sourceHealth() throws(OutboxError) -> [SourceHealth] {
        try OutboxReader.sourceHealth(connection)
    }

    /// Records the quarantined records of one commit as the source's last error (inside the commit's transaction)
    /// and logs them.
    func recordQuarantine(_ quarantined: [QuarantinedRecord], now: Int64, in connection: SQLiteConnection)
        throws(SQLiteError)
    {
        var bySource: [String: [QuarantinedRecord]] = [:]
        for record in quarantined { bySource[record.source, default: []].append(record) }
        for (source, records) in bySource {
            guard let last = records.last else { continue }
            try connection.run(
                OutboxHealthSQL.upsertError,
                [
                    .text(source), .integer(Int64(records.count)), .text(last.reason), .text(last.location),
                    .integer(now), .integer(0),
                ])
        }
    }

    /// Logs the quarantined records of a commit: one line per commit, naming the first and counting the rest.
    func logQuarantine(_ quarantined: [QuarantinedRecord]) {
        guard let first = quarantined.first else { return }
        logger.error(
            "record quarantined: \(first.reason)",
            metadata: [
                "source": "\(first.source)", "where": "\(first.location)",
                "quarantined": "\(quarantined.count)", "outbox": "\(path)",
            ])
    }
}

/// The statements of the `source_health` table.
enum OutboxHealthSQL {
    /// Adds ?2 errors to source ?1 with the last one's reason ?3, location ?4 and time ?5; ?6 = 1 marks the source
    /// failing, 0 leaves that as it was (a quarantined record is not a failing source).
    static let upsertError = """
        INSERT INTO source_health (source, errors, last_error, last_error_location, last_error_at, failing)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (source) DO UPDATE SET errors = errors + excluded.errors, last_error = excluded.last_error,
            last_error_location = excluded.last_error_location, last_error_at = excluded.last_error_at,
            failing = max(failing, excluded.failing)
        """
}
