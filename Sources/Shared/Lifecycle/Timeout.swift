/// An operation that did not finish within its time limit.
public struct TimeoutError: Error, CustomStringConvertible {
    /// The limit that passed.
    public let limit: Duration

    /// Creates the error for `limit`.
    public init(limit: Duration) {
        self.limit = limit
    }

    public var description: String { "timed out after \(limit)" }
}

/// Runs `operation`, cancelling it and throwing ``TimeoutError`` if it takes longer than `limit`.
public func withTimeout<T: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw TimeoutError(limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
