import Metrics

/// The job runner's metrics (swift-metrics, exported on `/metrics`).
///
/// - `crossdock_aggregator_job_attempts_total{destination,outcome}`: attempts by outcome (`done`, `retry`,
///   `dead_letter`).
/// - `crossdock_aggregator_job_retries_total{destination}`: attempts scheduled for a retry.
/// - `crossdock_aggregator_job_dead_letters_total{destination}`: jobs parked as dead letters.
/// - `crossdock_aggregator_circuit_breaker_state{destination}`: 0 closed, 1 open, 2 half-open.
/// - `crossdock_aggregator_circuit_breaker_opened_total{destination}`: times the breaker opened.
struct JobRunnerMetrics: Sendable {
    func attempt(destination: String, outcome: String) {
        Counter(label: "crossdock_aggregator_job_attempts_total", dimensions: [("destination", destination), ("outcome", outcome)])
            .increment()
    }

    func retry(destination: String) {
        Counter(label: "crossdock_aggregator_job_retries_total", dimensions: [("destination", destination)]).increment()
    }

    func deadLetter(destination: String) {
        Counter(label: "crossdock_aggregator_job_dead_letters_total", dimensions: [("destination", destination)]).increment()
    }

    func breaker(destination: String, state: CircuitBreaker.State) {
        Gauge(label: "crossdock_aggregator_circuit_breaker_state", dimensions: [("destination", destination)])
            .record(state.gaugeValue)
        if case .open = state {
            Counter(label: "crossdock_aggregator_circuit_breaker_opened_total", dimensions: [("destination", destination)])
                .increment()
        }
    }
}
