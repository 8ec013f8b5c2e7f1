import Foundation
import Logging
import ServiceLifecycle

/// Keeps the order-to-cash state up to date: follows the store's events in store order from a checkpoint, and
/// raises overdue milestones.
///
/// It runs beside ingest rather than inside its transaction, so storing and acknowledging events never waits for
/// order bookkeeping; the portal lags ingest by at most one ``OrderToCashSettings/pollInterval`` plus the time to
/// apply what arrived. Each step is one transaction: the events applied, the rows they change, the exceptions they
/// raise and the new checkpoint commit together, so a crash repeats nothing and skips nothing.
public final class OrderToCashProjection: Service {
    private let store: any OrderLifecycleStore
    private let settings: OrderToCashSettings
    private let logger: Logger

    /// Creates the projection; nothing happens until ``run()``.
    public init(
        store: any OrderLifecycleStore, settings: OrderToCashSettings = OrderToCashSettings(),
        logger: Logger = Logger(label: "crossdock.aggregator.order-to-cash")
    ) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        logger.info("order-to-cash projection started")
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let progress = try await catchUp()
                failures = 0
                if progress.isCaughtUp {
                    try? await Task.sleep(for: settings.pollInterval)
                }
            } catch {
                failures += 1
                logger.error("order-to-cash projection step failed (\(failures) in a row): \(error); retrying")
                try? await Task.sleep(for: settings.pollInterval * min(failures, 20))
            }
        }
        logger.info("order-to-cash projection stopped")
    }

    /// Applies every event stored so far (in steps of ``OrderToCashSettings/batchSize``) and raises overdue
    /// milestones; returns where it stands.
    @discardableResult
    public func catchUp(nowMilliseconds: Int64? = nil) async throws -> OrderToCashProgress {
        var progress = try await store.advanceOrderToCash(settings: settings)
        var steps = 1
        while !progress.isCaughtUp && progress.applied > 0 && steps < 10_000 && !Task.isCancelled {
            progress = try await store.advanceOrderToCash(settings: settings)
            steps += 1
        }
        let now = nowMilliseconds ?? Int64(Date().timeIntervalSince1970 * 1000)
        let overdue = try await store.raiseOverdueMilestones(nowMilliseconds: now, settings: settings)
        if overdue > 0 {
            logger.warning("\(overdue) shipment(s) without a milestone for \(settings.milestoneTimeout): exceptions raised")
        }
        return progress
    }
}
