/// A job a runner has claimed for one attempt.
public struct ClaimedJob: Sendable {
    /// What the connector receives.
    public var request: JobRequest
    /// When the job was written (for the maximum age).
    public var createdAtMilliseconds: Int64

    /// Creates a value from its parts (for stores in other modules).
    public init(
        request: JobRequest, createdAtMilliseconds: Int64
    ) {
        self.request = request
        self.createdAtMilliseconds = createdAtMilliseconds
    }
}
