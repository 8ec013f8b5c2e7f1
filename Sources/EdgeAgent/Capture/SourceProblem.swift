/// A problem a source ran into that is not a record it could quarantine: a file it cannot open or read, a database
/// it cannot reach, a folder it cannot use. Kept in the outbox's `source_health` table so that
/// `crossdock-agent status` (another process) shows it next to the source's cursor.
///
/// The source goes on (it retries at its next poll); nothing is dropped. Once it works again it calls
/// ``EventSink/clearProblem(source:)`` and `status` shows the problem as recovered.
public struct SourceProblem: Sendable, Hashable {
    /// The source's configured name.
    public var source: String
    /// Where: a file path, `database orders@wms.db`, a folder.
    public var location: String
    /// What happened and what to do, one line.
    public var message: String

    /// Creates a problem of `source` at `location`.
    public init(source: String, location: String, message: String) {
        self.source = source
        self.location = location
        self.message = message
    }
}
