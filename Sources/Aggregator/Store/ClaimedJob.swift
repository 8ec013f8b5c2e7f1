/// A job a runner has claimed for one attempt.
public struct ClaimedJob: Sendable {
    /// What the connector receives.
    public var request: JobRequest
    /// When the job was written (for the maximum age).
    public var createdAtMilliseconds: Int64
}
