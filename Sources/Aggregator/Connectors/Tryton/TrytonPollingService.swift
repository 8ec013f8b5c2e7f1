import Logging
import ServiceLifecycle
import WireProtocol

/// Polls Tryton every ``TrytonSettings/pollInterval``: releases confirmed sales, then reads invoice states back.
///
/// Each poll stores its events with ``EventStore/appendCentral(_:)``; deterministic ids make a repeated poll (or
/// one after a restart) a duplicate, so a release becomes exactly one `order.released` and one command to the
/// site's agent. A failed poll is logged and tried again at the next interval. Stops on graceful shutdown.
public struct TrytonPollingService: Service {
    private let store: any EventStore
    private let release: TrytonReleasePoll
    private let invoices: TrytonInvoicePoll
    private let interval: Duration
    private let logger: Logger

    /// Creates the service; nothing is read until ``run()`` or ``pollOnce()``.
    public init(
        client: TrytonClient, settings: TrytonSettings, store: any EventStore,
        logger: Logger = Logger(label: "crossdock.aggregator.tryton")
    ) {
        let events = TrytonEventFactory(settings: settings)
        self.store = store
        self.release = TrytonReleasePoll(client: client, settings: settings, events: events, logger: logger)
        self.invoices = TrytonInvoicePoll(client: client, settings: settings, events: events, logger: logger)
        self.interval = settings.pollInterval
        self.logger = logger
    }

    /// Polls until graceful shutdown.
    public func run() async throws {
        logger.info("polling Tryton", metadata: ["interval": "\(interval)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let summary = try await pollOnce()
                if summary.stored > 0 {
                    logger.info(
                        "stored events from Tryton",
                        metadata: ["released": "\(summary.released)", "invoices": "\(summary.invoices)",
                                   "new": "\(summary.stored)"])
                }
            } catch {
                logger.warning("Tryton poll failed; trying again at the next interval", metadata: ["error": "\(error)"])
            }
            _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One poll: releases, then invoice states; returns what was read and what was new.
    ///
    /// - Throws: ``TrytonError`` when Tryton cannot be read, or the store's error when the events cannot be stored
    ///   (then nothing moves on: the next poll reads the same again).
    @discardableResult
    public func pollOnce() async throws -> TrytonPollSummary {
        let released = try await release.releases()
        let releaseResults = try await store.appendCentral(released)
        let (issued, next) = try await invoices.changes()
        let invoiceResults = try await store.appendCentral(issued)
        await invoices.advance(to: next)
        let stored = (releaseResults + invoiceResults).filter {
            if case .stored = $0 { return true }
            return false
        }.count
        return TrytonPollSummary(released: released.count, invoices: issued.count, stored: stored)
    }
}

/// What one poll of Tryton found.
public struct TrytonPollSummary: Sendable, Hashable {
    /// `order.released` events built (new and already stored).
    public var released: Int
    /// `invoice.issued` events built (new and already stored).
    public var invoices: Int
    /// Events stored for the first time.
    public var stored: Int
}
