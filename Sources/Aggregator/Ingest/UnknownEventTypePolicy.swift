/// What ingest does with an event whose type is under `com.crossdock.` but unknown to this build.
///
/// Types of other namespaces (a partner's `com.example.return.requested.v1`) are always stored as events: the wire
/// protocol carries them unchecked. A `com.crossdock.` type this build does not know is a typo or a newer version:
/// its `data` cannot be checked and no route acts on it.
public enum UnknownEventTypePolicy: String, Sendable, Hashable, CaseIterable {
    /// Store it as an exception (reason `unknown-event-type`) and acknowledge it as one: visible, never silently
    /// ignored. The default.
    case exception
    /// Store it as an event, like a partner type (for an aggregator deliberately older than its agents).
    case store
}
