/// What an audited change did: a stable dotted name stored in `audit_log.action`.
public enum AuditAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// A dead letter was made pending again.
    case replay
    /// An exception was acknowledged (seen, being handled).
    case exceptionAcknowledge = "exception.acknowledge"
    /// An exception was resolved, with a comment.
    case exceptionResolve = "exception.resolve"
    /// The aggregator started with a configuration (its file and digest).
    case configurationLoad = "configuration.load"
    /// The configuration changed from one start to the next (a different digest than the last load).
    case configurationChange = "configuration.change"
}
