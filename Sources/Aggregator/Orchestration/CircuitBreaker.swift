/// A per-destination circuit breaker: closed, open after repeated failures, half-open for one probe.
///
/// - **closed**: jobs run; ``record(success:at:)`` counts consecutive failures (retryable outcomes); at
///   `failureThreshold` it opens.
/// - **open**: no job of the destination is claimed (so none is charged an attempt) until `coolDown` has passed.
/// - **half-open**: exactly one job is let through as a probe; its success closes the breaker, its failure opens it
///   again for another cool-down.
///
/// A dead letter counts as a success here: the destination answered, it refused that one request.
public struct CircuitBreaker: Sendable, Hashable {
    /// The breaker's position.
    public enum State: Sendable, Hashable {
        /// Calls go through; `failures` consecutive ones failed so far.
        case closed(failures: Int)
        /// Calls are held back until `until`.
        case open(until: ContinuousClock.Instant)
        /// One probe may go (`probeInFlight` once it went).
        case halfOpen(probeInFlight: Bool)

        /// 0 closed, 1 open, 2 half-open (the metric's value).
        public var gaugeValue: Int {
            switch self {
            case .closed: 0
            case .open: 1
            case .halfOpen: 2
            }
        }

        /// `closed`, `open` or `half-open`.
        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half-open"
            }
        }
    }

    /// Consecutive failures that open it.
    public let failureThreshold: Int
    /// How long it stays open.
    public let coolDown: Duration
    /// Where it stands.
    public private(set) var state: State = .closed(failures: 0)

    /// Creates a closed breaker.
    public init(failureThreshold: Int, coolDown: Duration) {
        self.failureThreshold = max(1, failureThreshold)
        self.coolDown = coolDown
    }

    /// How many jobs may be claimed now: `nil` for any number (closed), 1 for the probe, 0 while open or while
    /// the probe is out. Moves an open breaker whose cool-down has passed to half-open.
    public mutating func allowance(at now: ContinuousClock.Instant) -> Int? {
        switch state {
        case .closed: return nil
        case .open(let until):
            guard now >= until else { return 0 }
            state = .halfOpen(probeInFlight: false)
            return 1
        case .halfOpen(let probeInFlight): return probeInFlight ? 0 : 1
        }
    }

    /// Notes that a job of the destination was claimed (in half-open: the probe went).
    public mutating func claimed() {
        if case .halfOpen = state { state = .halfOpen(probeInFlight: true) }
    }

    /// Records how an attempt ended; returns whether the state changed.
    @discardableResult
    public mutating func record(success: Bool, at now: ContinuousClock.Instant) -> Bool {
        let before = state
        switch (state, success) {
        case (.closed, true): state = .closed(failures: 0)
        case (.closed(let failures), false):
            state = failures + 1 >= failureThreshold ? .open(until: now + coolDown) : .closed(failures: failures + 1)
        case (.halfOpen, true): state = .closed(failures: 0)
        case (.halfOpen, false): state = .open(until: now + coolDown)
        case (.open, _): break  // an attempt that started before it opened
        }
        return before.name != state.name
    }
}
