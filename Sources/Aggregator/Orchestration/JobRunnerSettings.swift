import Shared

/// How the job runner works the `jobs` table (`jobs:`): concurrency, retries, circuit breaker.
public struct JobRunnerSettings: Sendable, Hashable {
    /// Jobs attempted at the same time, across business keys (jobs of one key always run one at a time).
    public var concurrency: Int
    /// How often the runner looks for due jobs when it has nothing to do.
    public var pollInterval: Duration
    /// The backoff before the first retry; it doubles per attempt up to ``maxBackoff`` (full jitter: the actual
    /// delay is uniformly random between zero and that value).
    public var initialBackoff: Duration
    /// The cap of the backoff.
    public var maxBackoff: Duration
    /// Attempts before a job becomes a dead letter.
    public var maxAttempts: Int
    /// Age (since the job was written) after which a failing job becomes a dead letter instead of being retried.
    public var maxAge: Duration
    /// Consecutive failed attempts at a destination that open its circuit breaker.
    public var breakerFailures: Int
    /// How long an open breaker stays open before one probe attempt is let through.
    public var breakerCoolDown: Duration
    /// How long a `running` job belongs to the process that claimed it; after that (the process died) it is
    /// retried. Must exceed every connector's timeout.
    public var lease: Duration
    /// Whether a dead-lettered job holds back the later jobs of its business key until it is replayed.
    public var deadLetterBlocksKey: Bool

    /// Creates settings; the defaults suit production.
    public init(
        concurrency: Int = 8, pollInterval: Duration = .milliseconds(250), initialBackoff: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(300), maxAttempts: Int = 20, maxAge: Duration = .seconds(86_400),
        breakerFailures: Int = 5, breakerCoolDown: Duration = .seconds(30), lease: Duration = .seconds(120),
        deadLetterBlocksKey: Bool = false
    ) {
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.breakerFailures = breakerFailures
        self.breakerCoolDown = breakerCoolDown
        self.lease = lease
        self.deadLetterBlocksKey = deadLetterBlocksKey
    }

    /// Reads `jobs:`.
    init(reader: ConfigReader) {
        let defaults = JobRunnerSettings()
        let retry = reader.section("retry")
        let breaker = reader.section("circuit_breaker")
        self.init(
            concurrency: reader.int("concurrency", default: defaults.concurrency, in: 1...256),
            pollInterval: reader.duration("poll_interval", default: defaults.pollInterval, in: .milliseconds(10)...(.seconds(60))),
            initialBackoff: retry.duration("initial_backoff", default: defaults.initialBackoff, in: .milliseconds(1)...(.seconds(3600))),
            maxBackoff: retry.duration("max_backoff", default: defaults.maxBackoff, in: .milliseconds(1)...(.seconds(86_400))),
            maxAttempts: retry.int("max_attempts", default: defaults.maxAttempts, in: 1...1000),
            maxAge: retry.duration("max_age", default: defaults.maxAge, in: .seconds(1)...(.seconds(30 * 86_400))),
            breakerFailures: breaker.int("failures", default: defaults.breakerFailures, in: 1...1000),
            breakerCoolDown: breaker.duration("cool_down", default: defaults.breakerCoolDown, in: .milliseconds(10)...(.seconds(3600))),
            lease: reader.duration("lease", default: defaults.lease, in: .seconds(1)...(.seconds(86_400))),
            deadLetterBlocksKey: reader.bool("dead_letter_blocks_key", default: defaults.deadLetterBlocksKey))
        if maxBackoff < initialBackoff {
            retry.problem("max_backoff", "is shorter than initial_backoff (\(DurationText.format(initialBackoff)))")
        }
    }
}
