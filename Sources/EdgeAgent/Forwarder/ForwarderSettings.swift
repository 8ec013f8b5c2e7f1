import Shared

/// The `forwarder` section: how events are batched, paced and resent.
///
/// ```yaml
/// forwarder:
///   batch_events: 1000      # most events per MQTT message
///   batch_bytes: 512KiB     # most bytes of events per MQTT message
///   linger: 20ms            # how long a partial batch of live events waits for more
///   ack_timeout: 30s        # resend a batch the aggregator has not acknowledged by then
///   ack_timeout_after_connect: 2s  # the same, doubling up to ack_timeout, until the aggregator first answers
///   backlog_rate: 50000     # events/s for the backlog after an outage (0: unlimited)
///   max_inflight_batches: 16
/// ```
public struct ForwarderSettings: Sendable, Hashable {
    /// The most events per batch.
    public var batchEvents: Int
    /// The most bytes of events per batch (a single larger event still goes, alone).
    public var batchBytes: Int
    /// How long a partial batch of live events waits for more before it goes.
    public var linger: Duration
    /// How long after the broker's PUBACK a batch may wait for the aggregator's ack before it is sent again.
    public var ackTimeout: Duration
    /// The ack timeout after the connection (re)opens, until the aggregator acknowledges anything; it doubles at
    /// each expiry up to ``ackTimeout``.
    ///
    /// After a broker restart the agent may publish before the aggregator has subscribed again, and the broker
    /// then delivers the batch to no one: it is resent after this instead of a whole ``ackTimeout``.
    public var ackTimeoutAfterConnect: Duration
    /// Events per second for the backlog drained after an outage, next to live events; 0 for no limit.
    public var backlogRate: Int
    /// Batches sent and not yet acknowledged by the aggregator, at most.
    public var maxInflightBatches: Int
    /// How long a graceful shutdown waits for the batches in flight to be acknowledged.
    public var shutdownGrace: Duration

    /// Creates settings; the defaults suit a warehouse agent on a LAN or WAN link.
    public init(
        batchEvents: Int = 1_000, batchBytes: Int = 512 << 10, linger: Duration = .milliseconds(20),
        ackTimeout: Duration = .seconds(30), ackTimeoutAfterConnect: Duration = .seconds(2), backlogRate: Int = 50_000,
        maxInflightBatches: Int = 16, shutdownGrace: Duration = .seconds(2)
    ) {
        self.batchEvents = batchEvents
        self.batchBytes = batchBytes
        self.linger = linger
        self.ackTimeout = ackTimeout
        self.ackTimeoutAfterConnect = ackTimeoutAfterConnect
        self.backlogRate = backlogRate
        self.maxInflightBatches = maxInflightBatches
        self.shutdownGrace = shutdownGrace
    }

    /// Reads the `forwarder` section, recording every problem with its key path.
    public init(reader: ConfigReader) {
        let defaults = ForwarderSettings()
        self.init(
            batchEvents: reader.int("batch_events", default: defaults.batchEvents, in: 1...10_000),
            batchBytes: Int(reader.byteCount("batch_bytes", default: Int64(defaults.batchBytes), in: 1_024...(8 << 20))),
            linger: reader.duration("linger", default: defaults.linger, in: .zero ... .seconds(10)),
            ackTimeout: reader.duration("ack_timeout", default: defaults.ackTimeout, in: .seconds(1) ... .seconds(3_600)),
            ackTimeoutAfterConnect: reader.duration(
                "ack_timeout_after_connect", default: defaults.ackTimeoutAfterConnect,
                in: .milliseconds(100) ... .seconds(3_600)),
            backlogRate: reader.int("backlog_rate", default: defaults.backlogRate, in: 0...10_000_000),
            maxInflightBatches: reader.int("max_inflight_batches", default: defaults.maxInflightBatches, in: 1...1_000),
            shutdownGrace: reader.duration("shutdown_grace", default: defaults.shutdownGrace, in: .zero ... .seconds(30)))
    }
}
