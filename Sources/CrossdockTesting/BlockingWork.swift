import Foundation

/// Runs blocking work (waiting for a child process such as `initdb`) on a thread of its own, so that it does not hold
/// one of the few threads of Swift's cooperative pool.
///
/// Tests run in parallel share that pool, which has one thread per core: a dozen tests each waiting seconds for
/// `initdb` and `pg_ctl` on it starve every other test's tasks (a store's migration, a client's publishes) until
/// their own timeouts fire.
package enum BlockingWork {
    /// Runs `work` on a new thread and returns its result.
    package static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}
