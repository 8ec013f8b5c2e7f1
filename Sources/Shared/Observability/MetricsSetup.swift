import Metrics
import Prometheus

/// Sets up swift-metrics for a crossdock program, backed by a Prometheus registry that `/metrics` renders.
public enum MetricsSetup {
    /// Installs a Prometheus-backed metrics factory process-wide and returns its registry. Call once.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }

    /// The registry's metrics in the Prometheus text exposition format.
    public static func render(_ registry: PrometheusCollectorRegistry) -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
