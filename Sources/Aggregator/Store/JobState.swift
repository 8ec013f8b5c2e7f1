/// Where an orchestration job stands (`jobs.state`).
public enum JobState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its next attempt (or for an earlier job of its business key).
    case pending
    /// Claimed by a job runner; an attempt is under way.
    case running
    /// The destination accepted it.
    case done
    /// Parked as a dead letter: a permanent failure, or retries exhausted; `replay` makes it pending again.
    case dead
}
