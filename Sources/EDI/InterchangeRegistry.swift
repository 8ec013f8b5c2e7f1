/// Remembers which interchanges were received; the seam the agent implements on SQLite.
public protocol InterchangeRegistry: Sendable {
    /// Records `key` as received from `source` (a file name) unless it is known; returns the source that
    /// recorded it first when it is a duplicate, `nil` when it is new.
    func register(_ key: InterchangeKey, source: String) throws -> String?
}
