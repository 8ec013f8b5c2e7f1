/// Exponential backoff with full jitter: before retry *n* wait a uniformly random time between zero and
/// `min(maximum, initial × 2^(n-1))`.
///
/// Full jitter spreads the retries of many jobs that failed together (a destination that was down), so they do not
/// come back in one wave.
public struct RetryBackoff: Sendable, Hashable {
    /// The cap before the first retry.
    public var initial: Duration
    /// The largest cap.
    public var maximum: Duration

    /// Creates a policy.
    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The cap after `attempt` failed attempts (1 after the first).
    public func cap(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let scaled = initial * Double(1 << UInt64(exponent))
        return min(scaled, maximum)
    }

    /// A random delay for the retry after `attempt` failed attempts.
    public func delay(afterAttempt attempt: Int) -> Duration {
        cap(afterAttempt: attempt) * Double.random(in: 0...1)
    }
}
