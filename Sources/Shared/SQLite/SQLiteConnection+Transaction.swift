/// How a transaction takes its locks.
public enum SQLiteTransactionKind: String, Sendable {
    /// Takes the write lock at once, so a transaction that writes never fails half-way with BUSY.
    case immediate = "IMMEDIATE"
    /// Takes locks when first needed; for read-only transactions.
    case deferred = "DEFERRED"
}

extension SQLiteConnection {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Batch many writes into one transaction: a commit costs an fsync, a row costs microseconds.
    public func transaction<T, E: Error>(
        _ kind: SQLiteTransactionKind = .immediate, _ body: (SQLiteConnection) throws(E) -> T
    ) throws(SQLiteTransactionError<E>) -> T {
        do {
            try cachedStatement("BEGIN \(kind.rawValue)").run()
        } catch {
            throw .database(error)
        }
        let result: T
        do {
            result = try body(self)
        } catch {
            rollback()
            throw .body(error)
        }
        do {
            try cachedStatement("COMMIT").run()
        } catch {
            rollback()
            throw .database(error)
        }
        return result
    }

    /// Runs `body` in a transaction where every failure is an ``SQLiteError``.
    public func write<T>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        do {
            return try transaction(.immediate, body)
        } catch {
            switch error {
            case .database(let error), .body(let error): throw error
            }
        }
    }

    private func rollback() {
        if isInTransaction {
            try? cachedStatement("ROLLBACK").run()
        }
    }
}

/// A failed transaction: either SQLite failed, or the body threw and the transaction was rolled back.
public enum SQLiteTransactionError<Failure: Error>: Error {
    /// SQLite failed to begin or commit; nothing was written.
    case database(SQLiteError)
    /// The body threw; the transaction was rolled back.
    case body(Failure)
}
