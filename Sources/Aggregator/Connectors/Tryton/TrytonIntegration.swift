import Logging

/// Everything the aggregator runs for a Tryton ERP, built from the `erp` section: one client shared by the
/// connector (job engine destination ``TrytonSettings/name``) and the polling service.
///
/// ```swift
/// if let erp = configuration.erp {
///     let tryton = TrytonIntegration(settings: erp, store: store)
///     connectors.append(tryton.connector)   // JobRunner(store:connectors:settings:)
///     services.append(tryton.poller)        // after the job runner, before the HTTP API
/// }
/// ```
public struct TrytonIntegration: Sendable {
    /// The JSON-RPC client.
    public let client: TrytonClient
    /// The job engine's connector for actions on Tryton (`shipment.confirm`).
    public let connector: TrytonConnector
    /// The service that releases confirmed sales and reads invoice states.
    public let poller: TrytonPollingService

    /// Builds the client, connector and poller; connects to nothing yet.
    public init(settings: TrytonSettings, store: any EventStore, logger: Logger = Logger(label: "crossdock.aggregator.tryton")) {
        client = TrytonClient(
            url: settings.url, database: settings.database, user: settings.user, password: settings.password,
            timeout: settings.timeout, logger: logger)
        connector = TrytonConnector(name: settings.name, client: client, units: settings.units, logger: logger)
        poller = TrytonPollingService(client: client, settings: settings, store: store, logger: logger)
    }
}
