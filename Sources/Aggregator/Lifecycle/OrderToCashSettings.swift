import Shared

/// The `order_to_cash` section: how the order state projection runs and when it raises exceptions.
///
/// ```yaml
/// order_to_cash:
///   milestone_timeout: 24h        # a shipment without a milestone this long after it left: exception
///   poll_interval: 500ms          # how often the projection looks for new events when it has caught up
///   batch_size: 500               # events applied per transaction at most
///   delivered_codes: [D1]         # milestone status codes that mean delivered (X12 AT701)
/// ```
public struct OrderToCashSettings: Sendable, Hashable {
    /// How long after a shipment left a milestone must have arrived.
    public var milestoneTimeout: Duration
    /// How often the projection looks for new events once it has caught up.
    public var pollInterval: Duration
    /// The most events applied in one transaction.
    public var batchSize: Int
    /// Milestone status codes meaning delivered.
    public var deliveredCodes: Set<String>

    /// Creates settings with the defaults.
    public init(
        milestoneTimeout: Duration = .seconds(24 * 3600), pollInterval: Duration = .milliseconds(500),
        batchSize: Int = 500, deliveredCodes: Set<String> = ["D1"]
    ) {
        self.milestoneTimeout = milestoneTimeout
        self.pollInterval = pollInterval
        self.batchSize = batchSize
        self.deliveredCodes = deliveredCodes
    }

    /// Reads the `order_to_cash` section.
    public init(reader: ConfigReader) {
        let defaults = OrderToCashSettings()
        milestoneTimeout = reader.duration(
            "milestone_timeout", default: defaults.milestoneTimeout, in: .seconds(1)...(.seconds(90 * 24 * 3600)))
        pollInterval = reader.duration(
            "poll_interval", default: defaults.pollInterval, in: .milliseconds(10)...(.seconds(60)))
        batchSize = reader.int("batch_size", default: defaults.batchSize, in: 1...100_000)
        let codes = reader.stringList("delivered_codes")
        deliveredCodes = codes.isEmpty ? defaults.deliveredCodes : Set(codes)
    }

    /// ``milestoneTimeout`` in milliseconds.
    var milestoneTimeoutMilliseconds: Int64 { milestoneTimeout.millisecondsValue }
}
