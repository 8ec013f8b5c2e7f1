/// Which dead letters `replay` makes pending again.
public enum JobReplaySelector: Sendable, Hashable, CustomStringConvertible {
    /// The jobs of the event with this `id` (of any source).
    case eventID(String)
    /// One job by its `job_seq`.
    case job(Int64)
    /// Every dead letter of a business key.
    case businessKey(String)
    /// Every dead letter of a destination.
    case destination(String)

    public var description: String {
        switch self {
        case .eventID(let id): "event id \(id)"
        case .job(let sequence): "job \(sequence)"
        case .businessKey(let key): "business key \(key)"
        case .destination(let name): "destination \(name)"
        }
    }
}
