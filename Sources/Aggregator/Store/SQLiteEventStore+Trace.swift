import Shared

/// The story of one business key, for `crossdock-aggregator trace`.
extension SQLiteEventStore {
    /// Every event whose subject or correlation id is `key` or that started a job of `key`, every job of those
    /// events or of `key`, and every attempt of those jobs, in store order.
    public func trace(_ key: String) async throws -> BusinessKeyTrace {
        try await withDatabase { database in
            let events = try database.rows(
                Self.selectStoredEvent + """
                     WHERE subject = ?1 OR correlation_id = ?1
                        OR store_seq IN (SELECT event_store_seq FROM jobs WHERE business_key = ?1)
                    ORDER BY store_seq
                    """, [.text(key)]
            ).compactMap(Self.storedEvent(from:))
            let eventSequences = JSONArrayText.integers(events.map(\.storeSequence))
            let jobs = try database.rows(
                Self.selectJob + """
                     WHERE business_key = ?1 OR event_store_seq IN (SELECT value FROM json_each(?2))
                    ORDER BY job_seq
                    """, [.text(key), .text(eventSequences)]
            ).map(Self.storedJob(from:))
            var attempts: [Int64: [JobAttempt]] = [:]
            for row in try database.rows(
                Self.selectAttempts + " WHERE job_seq IN (SELECT value FROM json_each(?1)) ORDER BY attempt_seq",
                [.text(JSONArrayText.integers(jobs.map(\.jobSequence)))])
            {
                let attempt = Self.jobAttempt(from: row)
                attempts[attempt.jobSequence, default: []].append(attempt)
            }
            return BusinessKeyTrace(key: key, events: events, jobs: jobs, attempts: attempts)
        }
    }
}

/// A JSON array of integers as text, for `json_each` parameters.
enum JSONArrayText {
    static func integers(_ values: [Int64]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }
}
