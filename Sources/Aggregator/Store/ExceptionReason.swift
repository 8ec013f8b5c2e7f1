/// Why input was stored as an exception instead of an event.
public enum ExceptionReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The event breaks the envelope or payload rules (missing attributes, wrong types, bad `data`).
    case invalidEvent = "invalid-event"
    /// The event's `tenant`/`site`/`agent` differ from the topic it was published on: an agent may publish only
    /// for its own identity.
    case identityMismatch = "identity-mismatch"
    /// The event's type is under `com.crossdock.` but not one this build knows (a typo, or a newer version), so its
    /// `data` cannot be checked and no route can act on it.
    case unknownEventType = "unknown-event-type"
    /// The message is not a readable batch at all (not UTF-8, not JSON, too large, too deep, not an array).
    case unreadableBatch = "unreadable-batch"
    /// The message arrived on a topic that is not `crossdock/v1/{tenant}/{site}/{agent}/events`.
    case invalidTopic = "invalid-topic"

    /// The reason's code, as stored.
    public var description: String { rawValue }
}
