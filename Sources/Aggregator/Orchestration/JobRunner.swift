import Foundation
import Logging
import Shared
import ServiceLifecycle
import Synchronization

/// Works the `jobs` table: claims due jobs, calls their connectors, retries, dead-letters, and keeps a circuit
/// breaker per destination.
///
/// - **Order per business key**: a job is claimed only when no earlier job (store order) of its business key is
///   `pending` or `running`; a dead letter does not hold the key back unless ``JobRunnerSettings/deadLetterBlocksKey``
///   (replayed, it runs again as soon as it is due, after whatever of its key is already running).
/// - **Concurrency**: up to ``JobRunnerSettings/concurrency`` attempts at once, across keys.
/// - **Retries**: a `retry` outcome waits ``RetryBackoff`` (exponential, full jitter); past
///   ``JobRunnerSettings/maxAttempts`` or ``JobRunnerSettings/maxAge`` the job becomes a dead letter.
/// - **Circuit breaker**: per destination (``CircuitBreaker``); while open, its jobs are not claimed and not
///   charged an attempt. Breakers live in this process (a restart closes them).
/// - **Crash safety**: a claimed job carries a lease; if the process dies mid-attempt, the job is retried when the
///   lease runs out (by this process after a restart or by another instance), with the same idempotency key.
///
/// Every attempt is recorded in `job_attempts` for `trace`. On graceful shutdown it stops claiming and lets the
/// attempts under way finish (each is bounded by its connector's timeout).
public final class JobRunner: Service {
    /// Connectors by destination name.
    public let connectors: [String: any Connector]
    /// How it works.
    public let settings: JobRunnerSettings
    private let store: any JobStore
    private let backoff: RetryBackoff
    private let metrics = JobRunnerMetrics()
    private let logger: Logger
    private let breakerView = Mutex<[String: BreakerSnapshot]>([:])

    /// A destination's circuit breaker as last seen by the runner.
    public struct BreakerSnapshot: Sendable, Hashable {
        /// `closed`, `open` or `half-open`.
        public var state: String
        /// How many times it opened since the runner started.
        public var openings: Int
    }

    /// The circuit breaker of `destination`, or `nil` before its first attempt (closed).
    public func breaker(of destination: String) -> BreakerSnapshot? {
        breakerView.withLock { $0[destination] }
    }

    /// Creates a runner over `store` (SQLite or PostgreSQL) with `connectors` (by their ``Connector/name``; a later
    /// one of the same name replaces an earlier one).
    public init(
        store: any JobStore, connectors: [any Connector], settings: JobRunnerSettings,
        logger: Logger = Logger(label: "crossdock.aggregator.jobs")
    ) {
        self.store = store
        var byName: [String: any Connector] = [:]
        for connector in connectors { byName[connector.name] = connector }
        self.connectors = byName
        self.settings = settings
        self.backoff = RetryBackoff(initial: settings.initialBackoff, maximum: settings.maxBackoff)
        self.logger = logger
    }

    private enum Completion: Sendable {
        case timer
        case attempt(destination: String, success: Bool?)
    }

    public func run() async throws {
        logger.info(
            "job runner started",
            metadata: ["connectors": "\(connectors.keys.sorted().joined(separator: ","))", "concurrency": "\(settings.concurrency)"])
        var breakers: [String: CircuitBreaker] = [:]
        // Jobs this process is attempting: their leases are extended, never reclaimed, however long a call takes.
        await withTaskGroup(of: (job: Int64?, completion: Completion).self) { group in
            var inFlight = 0
            var working: Set<Int64> = []
            var timerRunning = false
            var lastClaimError: String?
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let free = settings.concurrency - inFlight
                if free > 0 {
                    let now = ContinuousClock.now
                    var allowance: JobDestinationAllowance = [:]
                    for destination in breakers.keys {
                        if let allowed = breakers[destination]?.allowance(at: now) { allowance[destination] = allowed }
                        if let state = breakers[destination]?.state, case .halfOpen(false) = state {
                            metrics.breaker(destination: destination, state: state)
                            publish(state, of: destination, opened: false)
                        }
                    }
                    do {
                        let claimed = try await store.claimDueJobs(
                            limit: free, allowance: allowance, lease: settings.lease,
                            deadLetterBlocksKey: settings.deadLetterBlocksKey, working: working, now: Date())
                        lastClaimError = nil
                        for job in claimed {
                            breakers[job.request.destination]?.claimed()
                            inFlight += 1
                            working.insert(job.request.jobSequence)
                            group.addTask { (job.request.jobSequence, await self.attempt(job)) }
                        }
                    } catch {
                        if lastClaimError != "\(error)" { logger.error("cannot claim jobs: \(error)") }
                        lastClaimError = "\(error)"
                    }
                } else {
                    // Saturated: claim nothing, but keep the leases of the attempts under way (a slow call must not
                    // be claimed again by another instance sharing the database).
                    _ = try? await store.claimDueJobs(
                        limit: 0, allowance: [:], lease: settings.lease,
                        deadLetterBlocksKey: settings.deadLetterBlocksKey, working: working, now: Date())
                }
                if !timerRunning {
                    timerRunning = true
                    let interval = settings.pollInterval
                    group.addTask {
                        _ = try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                        return (nil, .timer)
                    }
                }
                guard let (job, completion) = await group.next() else { break }
                if let job { working.remove(job) }
                switch completion {
                case .timer: timerRunning = false
                case .attempt(let destination, let success):
                    inFlight -= 1
                    record(success, for: destination, in: &breakers)
                }
            }
            while let (_, completion) = await group.next() {
                if case .attempt(let destination, let success) = completion { record(success, for: destination, in: &breakers) }
            }
        }
        logger.info("job runner stopped")
    }

    private func record(_ success: Bool?, for destination: String, in breakers: inout [String: CircuitBreaker]) {
        guard let success else { return }
        var breaker = breakers[destination] ?? CircuitBreaker(failureThreshold: settings.breakerFailures, coolDown: settings.breakerCoolDown)
        if breaker.record(success: success, at: .now) {
            metrics.breaker(destination: destination, state: breaker.state)
            publish(breaker.state, of: destination, opened: { if case .open = breaker.state { true } else { false } }())
            switch breaker.state {
            case .open: logger.warning("circuit breaker of \(destination) opened: its jobs wait \(settings.breakerCoolDown)")
            case .closed: logger.info("circuit breaker of \(destination) closed")
            case .halfOpen: break
            }
        }
        breakers[destination] = breaker
    }

    private func publish(_ state: CircuitBreaker.State, of destination: String, opened: Bool) {
        breakerView.withLock { view in
            var snapshot = view[destination] ?? BreakerSnapshot(state: "closed", openings: 0)
            snapshot.state = state.name
            if opened { snapshot.openings += 1 }
            view[destination] = snapshot
        }
    }

    /// One attempt at `job`: call, classify, record. Returns the breaker signal (`nil`: not the destination's fault).
    private func attempt(_ job: ClaimedJob) async -> Completion {
        let request = job.request
        let started = Date()
        let clock = ContinuousClock.now
        let outcome: ConnectorOutcome
        var blameDestination = true
        if let routed = try? RoutedRequest(payload: request.payload), let mappingError = routed.mappingError {
            outcome = .deadLetter(reason: "the request could not be built: \(mappingError)", responseBody: nil)
            blameDestination = false
        } else if let connector = connectors[request.destination] {
            outcome = await connector.perform(request)
        } else {
            outcome = .retry(reason: "no connector named \(request.destination) is configured")
            blameDestination = false
        }
        let elapsed = ContinuousClock.now - clock
        let durationMilliseconds = elapsed.millisecondsValue
        var retryAt: Date?
        var responseBody: String?
        let recorded: JobAttempt.Outcome
        var message = outcome.message
        switch outcome {
        case .done:
            recorded = .done
        case .retry(let reason):
            let ageMilliseconds = Int64(Date().timeIntervalSince1970 * 1000) - job.createdAtMilliseconds
            let maxAgeMilliseconds = settings.maxAge.components.seconds * 1000
            if request.attempt >= settings.maxAttempts {
                recorded = .deadLetter
                message = "gave up after \(request.attempt) attempts: \(reason)"
            } else if ageMilliseconds >= maxAgeMilliseconds {
                recorded = .deadLetter
                message = "gave up after \(DurationText.format(settings.maxAge)) of retries: \(reason)"
            } else {
                recorded = .retry
                retryAt = Date().addingTimeInterval(backoff.delay(afterAttempt: request.attempt).secondsValue)
            }
        case .deadLetter(_, let body):
            recorded = .deadLetter
            responseBody = body
        }
        let attempt = JobAttempt(
            jobSequence: request.jobSequence, attempt: request.attempt,
            startedAtMilliseconds: Int64((started.timeIntervalSince1970 * 1000).rounded()),
            durationMilliseconds: durationMilliseconds, outcome: recorded, httpStatus: outcome.httpStatus, message: message)
        do {
            try await store.recordAttempt(attempt, retryAt: retryAt, responseBody: responseBody)
        } catch {
            logger.error(
                "cannot record attempt \(request.attempt) of job \(request.jobSequence): \(error); it is retried when its lease runs out")
        }
        metrics.attempt(destination: request.destination, outcome: recorded.rawValue)
        let metadata: Logger.Metadata = [
            "job": "\(request.jobSequence)", "destination": "\(request.destination)", "attempt": "\(request.attempt)",
            "key": "\(request.businessKey ?? "-")",
        ]
        switch recorded {
        case .retry:
            metrics.retry(destination: request.destination)
            logger.notice("job attempt failed, retrying: \(message.prefix(300))", metadata: metadata)
        case .deadLetter:
            metrics.deadLetter(destination: request.destination)
            logger.error("job dead-lettered: \(message.prefix(300))", metadata: metadata)
        default:
            logger.debug("job done: \(message.prefix(200))", metadata: metadata)
        }
        guard blameDestination else { return .attempt(destination: request.destination, success: nil) }
        if case .retry = outcome { return .attempt(destination: request.destination, success: false) }
        return .attempt(destination: request.destination, success: true)
    }
}
