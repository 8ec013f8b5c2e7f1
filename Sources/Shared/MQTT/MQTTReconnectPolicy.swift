/// How long a client waits before trying again after a lost or failed connection.
///
/// The delay grows exponentially from ``initialDelay`` by ``multiplier`` per consecutive failure, is capped at
/// ``maximumDelay``, and is then jittered: the actual wait is drawn uniformly from
/// `[delay × (1 − jitter), delay]`, so that many agents cut off by the same outage do not all come back in the
/// same instant. A successful connection resets the count.
public struct MQTTReconnectPolicy: Sendable, Hashable {
    /// Delay before the first retry.
    public var initialDelay: Duration
    /// Upper bound of the delay, however many attempts failed.
    public var maximumDelay: Duration
    /// Growth factor per consecutive failure (≥ 1).
    public var multiplier: Double
    /// Fraction of the delay that is randomised away (0 = none, 1 = anywhere from zero to the delay).
    public var jitter: Double

    /// Creates a reconnect policy.
    public init(
        initialDelay: Duration = .milliseconds(250),
        maximumDelay: Duration = .seconds(30),
        multiplier: Double = 2,
        jitter: Double = 0.5
    ) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = max(1, multiplier)
        self.jitter = min(1, max(0, jitter))
    }

    /// The default: 250 ms doubling up to 30 s, half of it jittered.
    public static let standard = MQTTReconnectPolicy()

    /// The delay before retry number `attempt` (1 for the first retry), before jitter.
    public func baseDelay(attempt: Int) -> Duration {
        let initial = Self.seconds(initialDelay)
        let cap = Self.seconds(maximumDelay)
        let exponent = Double(max(0, attempt - 1))
        let grown = initial * Self.power(multiplier, exponent)
        return .nanoseconds(Int64(min(cap, grown) * 1e9))
    }

    /// The jittered delay before retry number `attempt`, drawing randomness from `generator`.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let base = Self.seconds(baseDelay(attempt: attempt))
        let low = base * (1 - jitter)
        let seconds = low < base ? Double.random(in: low...base, using: &generator) : base
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The jittered delay before retry number `attempt`, using the system's random number generator.
    public func delay(attempt: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(attempt: attempt, using: &generator)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func power(_ base: Double, _ exponent: Double) -> Double {
        // Repeated multiplication keeps this free of Foundation; the exponent is small and capped.
        var result = 1.0
        var remaining = min(exponent, 64)
        while remaining >= 1 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
