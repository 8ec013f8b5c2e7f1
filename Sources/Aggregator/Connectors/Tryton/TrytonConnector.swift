import Logging
import WireProtocol

/// The ERP connector for Tryton: the job engine's destination for actions on sales, shipments and invoices.
///
/// Actions:
/// - `shipment.confirm`: the job's event is a `shipment.confirmed`; the shipped quantities are processed on the
///   sale's customer shipment (see ``TrytonShipmentConfirmation``), idempotently by the job's idempotency key.
///
/// Outcomes: connection failures, HTTP 5xx/429, server faults and refused logins are retried; Tryton refusing the
/// data (`UserError`), an event that is not a valid shipment, and data that does not match the sale are dead
/// letters whose body is the message.
public struct TrytonConnector: Connector {
    /// The actions this connector carries out.
    public static let actions = ["shipment.confirm"]

    /// The destination name routes give (``TrytonSettings/name``).
    public let name: String
    private let client: TrytonClient
    private let confirmation: TrytonShipmentConfirmation
    private let logger: Logger

    /// Creates the connector over `client`.
    public init(
        name: String = "erp", client: TrytonClient, units: [String: String] = TrytonSettings.defaultUnits,
        logger: Logger = Logger(label: "crossdock.aggregator.tryton")
    ) {
        self.name = name
        self.client = client
        self.confirmation = TrytonShipmentConfirmation(client: client, mapping: TrytonOrderMapping(units: units))
        self.logger = logger
    }

    /// Makes one attempt at `job`.
    public func perform(_ job: JobRequest) async -> ConnectorOutcome {
        switch job.action {
        case "shipment.confirm":
            let shipment: Shipment
            do {
                shipment = try event(of: job).payload(as: Shipment.self)
            } catch {
                return .deadLetter(
                    reason: "shipment.confirm needs a shipment.confirmed event: \(error)", responseBody: nil)
            }
            do throws(TrytonError) {
                let detail = try await confirmation.confirm(shipment, idempotencyKey: job.idempotencyKey)
                logger.info("Tryton shipment confirmed", metadata: ["detail": "\(detail)", "job": "\(job.jobSequence)"])
                return .done(detail: detail)
            } catch {
                return Self.outcome(of: error)
            }
        default:
            return .deadLetter(
                reason: "the Tryton connector has no action \"\(job.action)\"; it knows "
                    + Self.actions.joined(separator: ", "),
                responseBody: nil)
        }
    }

    /// Retry for transient failures, dead letter (with Tryton's message as the body) for refused data.
    public static func outcome(of error: TrytonError) -> ConnectorOutcome {
        error.isTransient
            ? .retry(reason: error.description) : .deadLetter(reason: error.description, responseBody: error.message)
    }

    /// The event the job carries: its payload when that is the event's JSON, else the stored event.
    private func event(of job: JobRequest) throws(WireProtocolError) -> CloudEvent {
        if !job.payload.isEmpty, let event = try? CloudEvent(jsonBytes: job.payload) { return event }
        return try job.event.decoded()
    }
}
