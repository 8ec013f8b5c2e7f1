import Logging
import ServiceLifecycle
import Shared
import Synchronization
import WireProtocol

/// Sends the outbox's events to the aggregator and deletes them once the aggregator acknowledges them.
///
/// - Batches of up to ``ForwarderSettings/batchEvents`` events and ``ForwarderSettings/batchBytes`` bytes go to
///   `crossdock/v1/{tenant}/{site}/{agent}/events` as CloudEvents JSON batches at QoS 1, many in flight at once
///   (``MQTTPipelinedPublisher``); a partial batch of live events waits at most ``ForwarderSettings/linger``.
/// - Rows are deleted only when an ``AckMessage`` on `…/acks` lists them as stored — never on the broker's PUBACK.
///   A batch not acknowledged within ``ForwarderSettings/ackTimeout`` of its PUBACK is sent again (same events,
///   same ids: the aggregator deduplicates on `source` + `id`).
/// - **Live first**: after a (re)connect, what was stored meanwhile is backlog, drained at
///   ``ForwarderSettings/backlogRate`` events/s, while events captured from then on go out at once.
/// - The MQTT client reconnects by itself; the forwarder holds back while it is disconnected.
/// - Graceful shutdown: no new batch starts; the batches in flight get up to ``ForwarderSettings/shutdownGrace``
///   to be acknowledged; what is not stays in the outbox for the next run.
public final class Forwarder: Service, Sendable {
    private let outbox: Outbox
    private let client: MQTTClient
    private let settings: ForwarderSettings
    private let logger: Logger
    private let eventsTopic: String
    private let acksTopic: String
    private let ledger: Mutex<ForwarderLedger?> = Mutex(nil)
    private let wakeup = ForwarderWakeup()
    private let connected = Atomic<Bool>(false)
    private let lastAck = Mutex<ZonedDateTime?>(nil)
    private let metrics = ForwarderMetrics()

    /// Creates a forwarder for `outbox` over `client` (whose identity must be the outbox's).
    public init(
        outbox: Outbox, client: MQTTClient, settings: ForwarderSettings = ForwarderSettings(),
        logger: Logger = Logger(label: "crossdock.agent.forwarder")
    ) {
        self.outbox = outbox
        self.client = client
        self.settings = settings
        self.logger = logger
        self.eventsTopic = Topic(identity: outbox.identity, channel: .events).name
        self.acksTopic = Topic(identity: outbox.identity, channel: .acks).name
    }

    /// Whether the MQTT client is connected now.
    public var isConnected: Bool { connected.load(ordering: .relaxed) }

    /// The figures for the agent's status message: backlog, oldest unacknowledged age, last ack.
    public func statusFigures() async -> AgentStatusService.StatusFigures {
        guard let statistics = try? await outbox.statistics() else { return AgentStatusService.StatusFigures() }
        return AgentStatusService.StatusFigures(
            backlog: statistics.backlog,
            oldestUnackedAgeSeconds: statistics.oldestUnackedAgeSeconds(nowMilliseconds: Outbox.nowMilliseconds()),
            lastAckAt: lastAck.withLock { $0 } ?? statistics.lastAckAt)
    }

    public func run() async throws {
        let wakeup = self.wakeup
        await outbox.observeAppends { _ in wakeup.signal() }
        let first = try await outbox.firstStoredSequence()
        let last = try await outbox.statistics().lastSequence
        ledger.withLock { $0 = ForwarderLedger(firstStored: first, lastSequence: last) }
        if let first {
            logger.info("backlog to forward", metadata: ["from": "\(first)", "through": "\(last)"])
        }
        client.start()
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await self.watchConnection() }
                group.addTask { await self.receiveAcks() }
                group.addTask { await self.expireUnacknowledged() }
                await self.sendLoop()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            wakeup.signal()
        }
        logger.info("forwarder stopped", metadata: ["inflight": "\(ledger.withLock { $0?.inflightCount ?? 0 })"])
    }

    // MARK: Sending

    private func sendLoop() async {
        let publisher = MQTTPipelinedPublisher(client: client, window: settings.maxInflightBatches) {
            [weak self] completion in
            self?.completed(completion)
        }
        var limiter = BacklogRateLimiter(rate: settings.backlogRate)
        var lingerDeadline: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            guard connected.load(ordering: .relaxed),
                ledger.withLock({ $0?.inflightCount ?? 0 }) < settings.maxInflightBatches
            else {
                await wakeup.wait(atMost: .seconds(1))
                continue
            }
            do {
                // Live events first.
                let liveCursor = ledger.withLock { $0?.liveCursor ?? 0 }
                let live = try await outbox.records(
                    after: liveCursor, limit: settings.batchEvents, maxBytes: settings.batchBytes)
                if !live.isEmpty {
                    let bytes = live.reduce(0) { $0 + $1.body.count }
                    let full = live.count >= settings.batchEvents || bytes + 512 >= settings.batchBytes
                    let deadline = lingerDeadline ?? (ContinuousClock.now + settings.linger)
                    if full || ContinuousClock.now >= deadline {
                        lingerDeadline = nil
                        ledger.withLock { $0?.advanceLive(to: live[live.count - 1].sequence) }
                        try await send(live, backlog: false, publisher: publisher)
                        continue
                    }
                    lingerDeadline = deadline
                }
                // Then the backlog, paced.
                if let range = ledger.withLock({ $0?.nextBacklogRange }) {
                    let allowed = limiter.available()
                    let wanted = min(settings.batchEvents, Int(clamping: range.count))
                    if allowed >= min(wanted, max(1, settings.backlogRate)) {
                        let records = try await outbox.records(
                            after: range.lowerBound - 1, through: range.upperBound, limit: min(wanted, allowed),
                            maxBytes: settings.batchBytes)
                        // Rows are ascending; none left in the range means the rest was acknowledged meanwhile.
                        let through = records.last?.sequence ?? range.upperBound
                        ledger.withLock { $0?.consumeBacklog(through: through) }
                        if !records.isEmpty {
                            limiter.spend(records.count)
                            try await send(records, backlog: true, publisher: publisher)
                        }
                        continue
                    }
                    let pause = min(limiter.delay(for: wanted), lingerDeadline.map { $0 - .now } ?? .seconds(1))
                    await wakeup.wait(atMost: max(.milliseconds(1), pause))
                    continue
                }
                await wakeup.wait(atMost: lingerDeadline.map { max(.milliseconds(1), $0 - .now) } ?? .seconds(1))
            } catch {
                if error is CancellationError || Task.isShuttingDownGracefully { break }
                logger.error("forwarding failed; retrying in 1s", metadata: ["error": "\(error)"])
                await wakeup.wait(atMost: .seconds(1))
            }
        }
        await finishInflight(publisher)
    }

    private func send(_ records: [OutboxRecord], backlog: Bool, publisher: MQTTPipelinedPublisher) async throws {
        var payload: [UInt8] = []
        payload.reserveCapacity(records.reduce(2) { $0 + $1.body.count + 1 })
        payload.append(UInt8(ascii: "["))
        var sequences = SequenceRangeSet()
        for (index, record) in records.enumerated() {
            if index > 0 { payload.append(UInt8(ascii: ",")) }
            payload.append(contentsOf: record.body)
            sequences.insert(record.sequence)
        }
        payload.append(UInt8(ascii: "]"))
        let number = ledger.withLock { $0?.register(sequences) ?? 0 }
        metrics.inflightBatches.record(ledger.withLock { $0?.inflightCount ?? 0 })
        do {
            try await publisher.publish(
                topic: eventsTopic, payload: payload, qos: .atLeastOnce,
                properties: MQTTMessageProperties(contentType: CloudEventBatch.contentType), tag: number)
        } catch {
            ledger.withLock { $0?.publishFailed(number) }
            throw error
        }
        metrics.batchesSent.increment()
        metrics.eventsSent.increment(by: records.count)
        if backlog { metrics.backlogEventsSent.increment(by: records.count) }
    }

    /// The outcome of one publication (on libmosquitto's network thread).
    private func completed(_ completion: MQTTPublishCompletion) {
        switch completion.result {
        case .success:
            ledger.withLock { $0?.published(completion.tag, at: .now) }
        case .failure(let error):
            ledger.withLock { $0?.publishFailed(completion.tag) }
            metrics.publishFailures.increment()
            logger.warning(
                "batch not accepted by the broker; it will be sent again",
                metadata: ["topic": "\(completion.topic)", "error": "\(error)"])
        }
        wakeup.signal()
    }

    /// On shutdown: waits for PUBACKs of what was handed over, then up to the grace period for acks.
    private func finishInflight(_ publisher: MQTTPipelinedPublisher) async {
        let grace = settings.shutdownGrace
        _ = try? await withTimeout(grace) { await publisher.waitForCompletion() }
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline, ledger.withLock({ $0?.inflightCount ?? 0 }) > 0,
            connected.load(ordering: .relaxed)
        {
            await wakeup.wait(atMost: .milliseconds(50))
        }
    }

    // MARK: Acknowledgements

    /// Applies acknowledgements until cancelled; a failed subscription is renewed after a second.
    private func receiveAcks() async {
        while !Task.isCancelled {
            do {
                let subscription = try await client.subscribe(to: acksTopic, qos: .atLeastOnce)
                logger.info("waiting for acknowledgements", metadata: ["topic": "\(acksTopic)"])
                try await apply(subscription)
            } catch {
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                logger.error(
                    "the acknowledgement subscription failed; subscribing again in 1s",
                    metadata: ["topic": "\(acksTopic)", "error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    private func apply(_ subscription: MQTTSubscription) async throws {
        for try await message in subscription {
            let ack: AckMessage
            do {
                ack = try AckMessage(jsonBytes: message.payload)
            } catch {
                metrics.invalidAcks.increment()
                logger.warning(
                    "ignoring an unreadable acknowledgement", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
                continue
            }
            do {
                try await outbox.acknowledge(ack)
            } catch {
                logger.error("could not apply an acknowledgement; the events will be sent again", metadata: ["error": "\(error)"])
                continue
            }
            metrics.acksReceived.increment()
            ledger.withLock { _ = $0?.acknowledged(ack.stored) }
            lastAck.withLock { $0 = .now() }
            metrics.inflightBatches.record(ledger.withLock { $0?.inflightCount ?? 0 })
            wakeup.signal()
        }
    }

    private func expireUnacknowledged() async {
        let period = min(settings.ackTimeout / 4, settings.ackTimeoutAfterConnect / 4, .seconds(1))
        while (try? await Task.sleep(for: period)) != nil {
            let (resent, probed) = ledger.withLock { ledger -> (UInt64, Bool) in
                let resent = ledger?.expire(now: .now, timeout: settings.ackTimeout) ?? 0
                return (resent, ledger?.lastExpiryWasProbe ?? false)
            }
            if resent > 0 {
                metrics.eventsResent.increment(by: Int(clamping: resent))
                if probed {
                    logger.info(
                        """
                        no acknowledgement yet since the connection opened (the aggregator may not have subscribed \
                        again yet); sending again
                        """,
                        metadata: ["events": "\(resent)"])
                } else {
                    logger.warning(
                        "no acknowledgement within the ack timeout; sending again",
                        metadata: ["events": "\(resent)", "ack_timeout": "\(DurationText.format(settings.ackTimeout))"])
                }
                wakeup.signal()
            }
        }
    }

    // MARK: Connection

    private func watchConnection() async {
        for await state in client.connectionStates() {
            let isConnected = state == .connected
            let was = connected.exchange(isConnected, ordering: .relaxed)
            metrics.connected.record(isConnected ? 1 : 0)
            if isConnected && !was {
                let last = (try? await outbox.statistics().lastSequence) ?? 0
                let probe = settings.ackTimeoutAfterConnect
                ledger.withLock { $0?.reconnected(lastSequence: last, probeTimeout: probe) }
            }
            wakeup.signal()
            if case .shutDown = state { break }
        }
    }
}
