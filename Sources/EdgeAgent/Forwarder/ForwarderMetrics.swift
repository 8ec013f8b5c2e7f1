import Metrics

/// The forwarder's metrics (swift-metrics).
struct ForwarderMetrics: Sendable {
    let batchesSent = Counter(label: "crossdock_agent_forwarder_batches_sent_total")
    let eventsSent = Counter(label: "crossdock_agent_forwarder_events_sent_total")
    let backlogEventsSent = Counter(label: "crossdock_agent_forwarder_backlog_events_sent_total")
    let eventsResent = Counter(label: "crossdock_agent_forwarder_events_resent_total")
    let publishFailures = Counter(label: "crossdock_agent_forwarder_publish_failures_total")
    let acksReceived = Counter(label: "crossdock_agent_forwarder_acks_total")
    let invalidAcks = Counter(label: "crossdock_agent_forwarder_invalid_acks_total")
    let inflightBatches = Gauge(label: "crossdock_agent_forwarder_inflight_batches")
    let connected = Gauge(label: "crossdock_agent_forwarder_connected")
}
