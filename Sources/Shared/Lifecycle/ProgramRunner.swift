import Logging
import ServiceLifecycle

/// Runs a crossdock program's long-running services until SIGTERM or SIGINT, then shuts them down in
/// reverse order (sources stop, the forwarder drains, stores close) and returns.
public enum ProgramRunner {
    /// Runs `services` in a `ServiceGroup`; returns normally after a graceful shutdown.
    ///
    /// - Parameters:
    ///   - services: started in order, shut down in reverse order.
    ///   - gracePeriod: how long shutdown may take before the remaining services are cancelled.
    public static func run(services: [any Service], gracePeriod: Duration = .seconds(10), logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
    }
}
