import Shared

/// The `memory` section: whether the agent hands idle pages back to the system.
///
/// ```yaml
/// memory:
///   release_when_idle: true   # default; false keeps start-up pages mapped until the kernel reclaims them
///   quiet_period: 1s          # how long capture and forwarding must be still before a release
/// ```
public struct MemorySettings: Sendable, Hashable {
    /// Whether ``IdleMemoryService`` runs.
    public var releaseWhenIdle: Bool
    /// How long the outbox must be unchanged (nothing captured, nothing acknowledged) before pages are released.
    public var quietPeriod: Duration

    /// Creates settings.
    public init(releaseWhenIdle: Bool = true, quietPeriod: Duration = .seconds(1)) {
        self.releaseWhenIdle = releaseWhenIdle
        self.quietPeriod = quietPeriod
    }

    /// Reads the `memory` section, recording a problem for a value out of range.
    public init(reader: ConfigReader) {
        self.init()
        releaseWhenIdle = reader.bool("release_when_idle", default: releaseWhenIdle)
        quietPeriod = reader.duration("quiet_period", default: quietPeriod, in: .milliseconds(100)...Duration.seconds(3600))
    }
}
