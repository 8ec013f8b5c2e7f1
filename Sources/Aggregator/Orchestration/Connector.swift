/// A system the aggregator calls to carry out orchestration jobs: the ERP, a TMS, a webhook, an agent's commands.
///
/// Routes name a connector by ``name`` (their `destination`). The job runner calls ``perform(_:)`` once per
/// attempt; the connector classifies what happened, so the runner can decide between done, retry with backoff and
/// dead letter. Every call carries ``JobRequest/idempotencyKey``, so a retry or a replay never acts twice on a
/// system that honours it.
public protocol Connector: Sendable {
    /// The destination name routes refer to (`erp`, `tms`, `portal-webhook`, …).
    var name: String { get }

    /// Makes one attempt at `job`; never throws: every failure is a ``ConnectorOutcome``.
    func perform(_ job: JobRequest) async -> ConnectorOutcome
}
