import Shared

/// A token bucket pacing the backlog: up to `rate` events per second, in bursts of at most one second's worth.
struct BacklogRateLimiter: Sendable {
    /// Events per second; 0 means no limit.
    let rate: Int
    private var tokens: Double
    private var updatedAt: ContinuousClock.Instant

    init(rate: Int, now: ContinuousClock.Instant = .now) {
        self.rate = rate
        self.tokens = Double(rate)
        self.updatedAt = now
    }

    /// How many events may go now (`Int.max` without a limit).
    mutating func available(now: ContinuousClock.Instant = .now) -> Int {
        guard rate > 0 else { return .max }
        let elapsed = (now - updatedAt).secondsValue
        tokens = min(Double(rate), tokens + elapsed * Double(rate))
        updatedAt = now
        return Int(tokens)
    }

    /// Spends `count` events' worth of tokens.
    mutating func spend(_ count: Int) {
        guard rate > 0 else { return }
        tokens -= Double(count)
    }

    /// How long until `count` events may go.
    func delay(for count: Int) -> Duration {
        guard rate > 0, tokens < Double(count) else { return .zero }
        return .milliseconds(Int64(((Double(count) - tokens) / Double(rate) * 1_000).rounded(.up)))
    }
}
