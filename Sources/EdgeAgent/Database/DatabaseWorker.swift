import Dispatch

/// Owns one ``DatabaseConnection`` and runs every call on it on a serial queue of its own, so libpq's blocking
/// calls (a connect that waits for an unreachable server) never hold a thread of Swift's cooperative pool.
public final class DatabaseWorker: @unchecked Sendable {
    // The connection is touched only on `queue`: that confinement is what makes this type Sendable.
    private let connection: any DatabaseConnection
    private let queue: DispatchQueue
    /// The database named for logs, without credentials.
    public let displayName: String

    /// Takes ownership of `connection`; nothing else may use it afterwards.
    public init(connection: any DatabaseConnection, label: String = "crossdock.database") {
        self.connection = connection
        self.displayName = connection.displayName
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` with the connection on the worker's queue and returns its result.
    public func run<T: Sendable>(
        _ body: @escaping @Sendable (any DatabaseConnection) throws(DatabaseError) -> T
    ) async throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(DatabaseError) {
                    continuation.resume(returning: .success(try body(self.connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
