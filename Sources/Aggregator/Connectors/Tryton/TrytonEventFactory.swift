import Logging
import Synchronization
import WireProtocol

/// Builds the events the ERP originates, with deterministic ids, and the identity `{tenant}/{site}/{origin}`.
///
/// The `source` is `/{tenant}/{origin}/tryton/{database}` for every event, whatever the site, so a changed
/// warehouse mapping never turns an old release into a new one.
final class TrytonEventFactory: Sendable {
    /// The `source` of every event.
    let source: String
    private let tenant: String
    private let origin: String
    private let warned: Mutex<Set<String>>

    init(settings: TrytonSettings) {
        tenant = settings.tenant
        origin = settings.origin
        source = "/\(settings.tenant)/\(settings.origin)/tryton/\(settings.database)"
        warned = Mutex([])
    }

    /// `order.released` for one customer shipment of a sale; the id is `tryton-release:{sale}:{shipment}`.
    func released(_ order: Order, saleID: Int, shipmentID: Int, site: String) throws(WireProtocolError)
        -> CloudEvent
    {
        try CloudEvent(
            id: EventIDBuilder.make(kind: "tryton-release", parts: [String(saleID), String(shipmentID)]),
            source: source, type: .orderReleased, subject: order.orderNumber, time: .now(),
            identity: AgentIdentity(tenant: tenant, site: site, agent: origin), sequence: 1,
            correlationID: order.orderNumber, payload: order)
    }

    /// `invoice.issued` for one state of an invoice; the id is `tryton-invoice:{invoice}:{state}`, and the state
    /// travels as the `invoicestatus` extension attribute (`posted`, `paid`, `cancelled`).
    func invoiceIssued(_ invoice: Invoice, invoiceID: Int, state: String, site: String) throws(WireProtocolError)
        -> CloudEvent
    {
        try CloudEvent(
            id: EventIDBuilder.make(kind: "tryton-invoice", parts: [String(invoiceID), state]),
            source: source, type: .invoiceIssued, subject: invoice.invoiceNumber, time: .now(),
            identity: AgentIdentity(tenant: tenant, site: site, agent: origin), sequence: 1,
            correlationID: invoice.orderNumber, extensions: ["invoicestatus": .string(state)], payload: invoice)
    }

    /// Logs, once per warehouse, that a shipment or invoice was skipped because its warehouse has no site.
    func noteUnmappedWarehouse(_ warehouse: String, record: String, logger: Logger) {
        let first = warned.withLock { $0.insert(warehouse).inserted }
        guard first else { return }
        logger.warning(
            "Tryton shipments of a warehouse without a site are not released; add it to erp.warehouses",
            metadata: ["warehouse": "\(warehouse)", "record": "\(record)"])
    }
}
