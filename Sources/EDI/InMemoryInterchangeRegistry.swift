import Synchronization

/// An ``InterchangeRegistry`` in memory, for tests and one-shot CLI runs.
public final class InMemoryInterchangeRegistry: InterchangeRegistry {
    private let seen = Mutex([String: String]())

    /// Creates an empty registry.
    public init() {}

    /// Records `key`; see ``InterchangeRegistry/register(_:source:)``.
    public func register(_ key: InterchangeKey, source: String) -> String? {
        seen.withLock { table in
            if let first = table[key.storageKey] { return first }
            table[key.storageKey] = source
            return nil
        }
    }
}
