import CMosquitto
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// Connecting, reconnecting and tearing down.
///
/// libmosquitto's own reconnect loop (inside `mosquitto_loop_forever`) is not used: its delays are whole seconds
/// without jitter, and it gives up for good after a TLS failure or a DISCONNECT from the broker. Instead, every
/// connection gets its own `mosquitto_loop_start` thread; when the connection ends, the disconnect callback
/// marks the client disconnected (so that thread returns instead of reconnecting by itself) and tells the
/// supervisor, which joins the thread (`mosquitto_loop_stop(false)`, never from a callback), waits a capped,
/// jittered exponential backoff, and calls `mosquitto_connect_async` and `mosquitto_loop_start` again, with the
/// next of ``MQTTClientConfiguration/endpoints`` when there are several (a full round of failed endpoints is one
/// backoff step). QoS 1 messages libmosquitto holds are sent again after the reconnect. A client allowed to
/// fall back (``MQTTClientConfiguration/fallsBackToMQTT311``) switches to MQTT 3.1.1 for good, at once and on
/// the same endpoint, when the broker refuses version 5 or drops the CONNECT unanswered.
extension MQTTClientCore {
    /// Starts the supervisor unless it runs. With `firstAttemptMustSucceed`, a failed first attempt ends it.
    func startSupervisor(firstAttemptMustSucceed: Bool) {
        // The state becomes `connecting` before this returns (and before the supervisor can move it on), so that
        // a waiter does not see the outcome of an earlier, failed connect().
        let observers = state.withLock { state -> [AsyncStream<MQTTConnectionState>.Continuation] in
            guard state.supervisor == nil, !state.shuttingDown else { return [] }
            state.attemptError = nil
            state.connection = .connecting(attempt: 1)
            state.supervisor = Task { [self] in
                await supervise(firstAttemptMustSucceed: firstAttemptMustSucceed)
            }
            return Array(state.observers.values)
        }
        for observer in observers { observer.yield(.connecting(attempt: 1)) }
    }

    /// Waits until the client is connected; throws if the first attempt of ``MQTTClient/connect()`` fails, the
    /// client shuts down, or the task is cancelled.
    func waitUntilConnected() async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextConnectWaiterID += 1
            return state.nextConnectWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    switch state.connection {
                    case .connected: return .success(())
                    case .shutDown: return .failure(MQTTError(.shutDown, "the MQTT client was shut down"))
                    case .idle: return .failure(MQTTError(.notConnected, "the MQTT client was not asked to connect"))
                    case .failed(let reason):
                        return .failure(state.attemptError ?? MQTTError(.connectionFailed, reason))
                    default:
                        state.connectWaiters[id] = continuation
                        return nil
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.connectWaiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func supervise(firstAttemptMustSucceed: Bool) async {
        let endpoints = configuration.endpoints
        var attempt = 0
        var failuresInRow = 0
        var everConnected = false
        var events = self.events.makeAsyncIterator()
        while !Task.isCancelled {
            attempt += 1
            setConnectionState(.connecting(attempt: attempt))
            let (index, version) = state.withLock { state -> (Int, MQTTProtocolVersion) in
                state.attemptError = nil
                state.sessionConnected = false
                state.connectionEndReported = false
                state.protocolRefused = false
                state.endCode = 0
                return (state.endpointIndex, state.protocolVersion)
            }
            let endpoint = endpoints[index]
            var failure: MQTTError
            if let unreachable = await MQTTTCPProbe.check(
                host: endpoint.host, port: endpoint.port, timeout: configuration.connectTimeout)
            {
                if Task.isCancelled { break }
                failure = MQTTError(
                    .connectionFailed,
                    "could not connect to \(endpoint): \(unreachable); check that the broker runs and listens there")
            } else if let immediateFailure = beginAttempt(endpoint: endpoint, version: version) {
                failure = immediateFailure
            } else {
                // The network thread runs; wait for the connection to end (or for shutdown).
                guard await events.next() != nil, !Task.isCancelled else { break }
                joinNetworkThread()
                let (connected, error, refused, endCode) = state.withLock {
                    ($0.sessionConnected, $0.attemptError, $0.protocolRefused, $0.endCode)
                }
                if connected {
                    everConnected = true
                    attempt = 1
                    failuresInRow = 0
                }
                failure = error ?? MQTTError(.connectionLost, "the connection to \(endpoint) ended")
                let dropped = !connected && endCode == Int32(MOSQ_ERR_CONN_LOST.rawValue)
                if version == .v5, configuration.fallsBackToMQTT311, !connected, refused || dropped {
                    fallBackToMQTT311(endpoint: endpoint, refused: refused)
                    attempt -= 1
                    continue
                }
            }
            failuresInRow += 1
            if endpoints.count > 1 {
                // The next attempt goes to the next node; a full round of failures counts as one backoff step.
                state.withLock { $0.endpointIndex = (index + 1) % endpoints.count }
            }
            if !everConnected && firstAttemptMustSucceed && failuresInRow >= endpoints.count {
                logger.error("MQTT connection failed: \(failure.message)")
                failInitialConnect(failure)
                return
            }
            let delay = configuration.reconnect.delay(attempt: (failuresInRow - 1) / endpoints.count + 1)
            let next = endpoints[state.withLock { $0.endpointIndex }]
            logger.warning(
                "MQTT connection unavailable: \(failure.message); retrying \(next) in \(Self.format(delay))",
                metadata: ["mqtt.attempt": "\(attempt)"])
            setConnectionState(.waitingToReconnect(attempt: attempt, delay: delay, reason: failure.message))
            do {
                try await Task.sleep(for: delay)
            } catch {
                break
            }
        }
    }

    /// Speaks MQTT 3.1.1 from now on, after the broker refused version 5 or dropped its CONNECT unanswered.
    private func fallBackToMQTT311(endpoint: MQTTEndpoint, refused: Bool) {
        state.withLock { $0.protocolVersion = .v3_1_1 }
        let cue =
            refused
            ? "answered the MQTT 5 CONNECT with \"unsupported protocol version\""
            : "closed the connection without answering the MQTT 5 CONNECT"
        logger.warning(
            """
            the broker at \(endpoint) \(cue): speaking MQTT 3.1.1 from now on (no reason codes on acknowledgements, \
            no message properties, no shared subscriptions); set broker.protocol: mqtt311 to skip this attempt
            """)
    }

    /// Starts one connection attempt; returns the failure if it failed before the network thread started.
    private func beginAttempt(endpoint: MQTTEndpoint, version: MQTTProtocolVersion) -> MQTTError? {
        let configuration = self.configuration
        return lifecycle.withLock { lifecycle -> MQTTError? in
            guard !lifecycle.destroyed else { return MQTTError(.shutDown, "the MQTT client was shut down") }
            lifecycle.everAttempted = true
            var result = mosquitto_int_option(handle.pointer, MOSQ_OPT_PROTOCOL_VERSION, version.mosquittoValue)
            if result == MOSQ_ERR_SUCCESS.rawValue {
                // connect_async (not reconnect_async) every time: the endpoint may differ from the last attempt's.
                result = mosquitto_connect_async(
                    handle.pointer, endpoint.host, Int32(endpoint.port), Int32(configuration.keepAlive))
            }
            if result != MOSQ_ERR_SUCCESS.rawValue {
                return MQTTReasonCode.connectFailure(
                    result: result, endpoint: endpoint.description, tls: configuration.tls != nil)
            }
            let started = mosquitto_loop_start(handle.pointer)
            if started != MOSQ_ERR_SUCCESS.rawValue {
                return MQTTError(
                    .library, "libmosquitto could not start its network thread: \(MQTTReasonCode.libraryText(started))")
            }
            lifecycle.threadRunning = true
            return nil
        }
    }

    /// Joins the network thread of a connection that ended. Never called from a libmosquitto callback.
    private func joinNetworkThread() {
        lifecycle.withLock { lifecycle in
            guard lifecycle.threadRunning else { return }
            mosquitto_loop_stop(handle.pointer, false)
            lifecycle.threadRunning = false
        }
    }

    private func failInitialConnect(_ error: MQTTError) {
        let waiters = state.withLock { state in
            state.attemptError = error
            let waiters = Array(state.connectWaiters.values)
            state.connectWaiters.removeAll()
            state.supervisor = nil
            return waiters
        }
        setConnectionState(.failed(reason: error.message))
        for waiter in waiters { waiter.resume(throwing: error) }
    }

    /// Resumes ``waitUntilConnected()`` callers; called by the connect callback.
    func resumeConnectWaiters() {
        let waiters = state.withLock { state in
            let waiters = Array(state.connectWaiters.values)
            state.connectWaiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    // MARK: Shutdown

    /// Drains, disconnects, stops the network thread and destroys the libmosquitto client. Idempotent: later
    /// calls wait for the first one to finish.
    func shutdown(drainTimeout: Duration) async {
        let task = state.withLock { locked -> Task<Void, Never> in
            if let task = locked.shutdownTask { return task }
            let supervisor = locked.supervisor
            let task = Task { [self] in
                await drain(timeout: drainTimeout)
                state.withLock { $0.shuttingDown = true }
                supervisor?.cancel()
                eventSink.finish()
                await supervisor?.value
                teardown()
            }
            locked.shutdownTask = task
            return task
        }
        await task.value
    }

    /// Waits up to `timeout` for unacknowledged publishes to complete.
    private func drain(timeout: Duration) async {
        guard window.inUse > 0, state.withLock({ $0.connection == .connected }) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.window.waitUntilIdle() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            // The idle waiter cannot be cancelled; wake it by closing the window if it still waits.
            if window.inUse > 0 {
                let waited = Self.format(timeout)
                logger.warning(
                    "MQTT client shutting down with \(window.inUse) unacknowledged messages after waiting \(waited)")
            }
            window.close(MQTTError(.shutDown, "the MQTT client was shut down"))
        }
    }

    /// Disconnect → `mosquitto_loop_stop(false)` → `mosquitto_destroy`, then fail or end everything that waits.
    func teardown() {
        let shutDown = MQTTError(.shutDown, "the MQTT client was shut down before the operation completed")
        window.close(shutDown)
        let (pending, subscriptions, waiters, observers) = state.withLock { state in
            state.shuttingDown = true
            state.connection = .shutDown
            let result = (
                Array(state.pending.values), Array(state.subscriptions.values), Array(state.connectWaiters.values),
                Array(state.observers.values)
            )
            state.pending.removeAll()
            state.early.removeAll()
            state.subscriptions.removeAll()
            state.connectWaiters.removeAll()
            state.observers.removeAll()
            return result
        }
        // Unblock a network thread that waits for a consumer before joining it.
        for subscription in subscriptions { subscription.buffer.finish() }
        let destroyed = lifecycle.withLock { lifecycle -> Bool in
            guard !lifecycle.destroyed else { return false }
            lifecycle.destroyed = true
            mosquitto_disconnect(handle.pointer)
            if lifecycle.threadRunning {
                mosquitto_loop_stop(handle.pointer, false)
                lifecycle.threadRunning = false
            }
            mosquitto_destroy(handle.pointer)
            return true
        }
        for operation in pending {
            switch operation {
            case .publish(let topic, let completion):
                completion.complete(
                    .failure(
                        MQTTError(
                            .shutDown,
                            "the MQTT client was shut down before the broker acknowledged the message to \(topic)")))
            case .subscribe: break
            }
        }
        for subscription in subscriptions {
            subscription.subackWaiter?.resume(throwing: shutDown)
        }
        for waiter in waiters { waiter.resume(throwing: MQTTError(.shutDown, "the MQTT client was shut down")) }
        for observer in observers {
            observer.yield(.shutDown)
            observer.finish()
        }
        if destroyed {
            logger.debug("MQTT client shut down")
            Unmanaged.passUnretained(self).release()
        }
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Int(MQTTReconnectPolicy.seconds(duration) * 1000)
        return milliseconds < 1000 ? "\(milliseconds) ms" : "\(Double(milliseconds / 100) / 10) s"
    }
}

extension MQTTClientCore {
    /// Shuts the client's socket down without an MQTT DISCONNECT, as a dying network would: the broker then
    /// publishes the last will, and the client reconnects. For tests of exactly that.
    func severConnectionForTesting() {
        lifecycle.withLock { lifecycle in
            guard !lifecycle.destroyed else { return }
            let socket = mosquitto_socket(handle.pointer)
            if socket >= 0 { _ = Glibc.shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }
}
