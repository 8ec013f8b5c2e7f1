import Metrics

/// The outbox's metrics (swift-metrics; rendered by `/metrics` when a Prometheus backend is bootstrapped).
struct OutboxMetrics: Sendable {
    private let backlog = Gauge(label: "crossdock_agent_outbox_backlog_events")
    private let bytes = Gauge(label: "crossdock_agent_outbox_bytes")
    private let quota = Gauge(label: "crossdock_agent_outbox_quota_bytes")
    private let pausedGauge = Gauge(label: "crossdock_agent_outbox_paused")
    private let pauses = Counter(label: "crossdock_agent_outbox_pauses_total")
    private let appendedEvents = Counter(label: "crossdock_agent_outbox_appended_events_total")
    private let quarantinedRecords = Counter(label: "crossdock_agent_outbox_quarantined_records_total")
    private let acknowledgedEvents = Counter(label: "crossdock_agent_outbox_acknowledged_events_total")
    private let exceptionEvents = Counter(label: "crossdock_agent_outbox_exception_events_total")

    func update(backlog count: UInt64, bytes used: Int64, quota limit: Int64) {
        backlog.record(Int64(clamping: count))
        bytes.record(used)
        quota.record(limit)
    }

    func appended(_ events: Int, quarantined: Int) {
        if events > 0 { appendedEvents.increment(by: events) }
        if quarantined > 0 { quarantinedRecords.increment(by: quarantined) }
    }

    func acknowledged(_ events: Int, exceptions: Int) {
        if events > 0 { acknowledgedEvents.increment(by: events) }
        if exceptions > 0 { exceptionEvents.increment(by: exceptions) }
    }

    func paused(_ isPaused: Bool) {
        pausedGauge.record(isPaused ? 1 : 0)
        if isPaused { pauses.increment() }
    }
}
