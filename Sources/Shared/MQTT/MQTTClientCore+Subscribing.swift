import CMosquitto
import Synchronization

/// Subscriptions: SUBSCRIBE/SUBACK bookkeeping and resubscribing after a reconnect.
extension MQTTClientCore {
    /// Registers a subscription and waits for its SUBACK (sent now if connected, else on connecting).
    func subscribe(filter: String, qos: MQTTQoS) async throws -> (UInt64, MQTTMessageBuffer) {
        guard mosquitto_sub_topic_check(filter) == MOSQ_ERR_SUCCESS.rawValue else {
            throw MQTTError(
                .invalidConfiguration,
                "cannot subscribe to \"\(filter)\": not a valid topic filter (+ and # must fill a whole level, "
                    + "# only last)")
        }
        let buffer = MQTTMessageBuffer(
            capacity: configuration.subscriptionBufferCapacity, overflowWait: configuration.subscriptionOverflowWait)
        // Set before the cancellation check below, so a cancellation either sees the id or is seen by the check.
        let registered = Mutex<UInt64>(0)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (connected, shutDown, id) = state.withLock { state -> (Bool, Bool, UInt64) in
                    if state.shuttingDown { return (false, true, 0) }
                    state.nextSubscriptionID += 1
                    let id = state.nextSubscriptionID
                    state.subscriptions[id] = SubscriptionRecord(
                        filter: filter, qos: qos, buffer: buffer, subackWaiter: continuation)
                    return (state.connection == .connected, false, id)
                }
                registered.withLock { $0 = id }
                if shutDown {
                    continuation.resume(
                        throwing: MQTTError(.shutDown, "the MQTT client was shut down; cannot subscribe to \(filter)"))
                } else if Task.isCancelled {
                    abandonSubscribe(id)
                } else if connected {
                    sendSubscribe(subscriptionID: id, filter: filter, qos: qos, onNetworkThread: false)
                }
            }
        } onCancel: {
            let id = registered.withLock { $0 }
            if id != 0 { abandonSubscribe(id) }
        }
        return (registered.withLock { $0 }, buffer)
    }

    /// Gives up a subscription still waiting for its SUBACK (the caller was cancelled, e.g. a shutdown during an
    /// outage): the waiter gets `CancellationError` and the subscription ends. Does nothing once it was granted.
    private func abandonSubscribe(_ subscriptionID: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            let waiter = state.subscriptions[subscriptionID]?.subackWaiter
            state.subscriptions[subscriptionID]?.subackWaiter = nil
            return waiter
        }
        guard let waiter else { return }
        cancelSubscription(subscriptionID)
        waiter.resume(throwing: CancellationError())
    }

    /// Sends SUBSCRIBE for one subscription, from the connect callback or any other thread.
    ///
    /// On the network thread the handle is alive by construction (it is destroyed only after that thread was
    /// joined); elsewhere the lifecycle lock guards against a concurrent teardown.
    func sendSubscribe(subscriptionID: UInt64, filter: String, qos: MQTTQoS, onNetworkThread: Bool) {
        var messageID: Int32 = 0
        let subscribe = { [handle] (messageID: inout Int32) -> Int32 in
            mosquitto_subscribe_v5(handle.pointer, &messageID, filter, qos.rawValue, 0, nil)
        }
        let result =
            onNetworkThread
            ? subscribe(&messageID)
            : lifecycle.withLock { lifecycle in
                lifecycle.destroyed ? MOSQ_ERR_NO_CONN.rawValue : subscribe(&messageID)
            }
        guard result == MOSQ_ERR_SUCCESS.rawValue else {
            // Not connected: the connect callback subscribes again.
            if result != MOSQ_ERR_NO_CONN.rawValue {
                logger.error("MQTT subscribe to \(filter) failed: \(MQTTReasonCode.libraryText(result))")
            }
            return
        }
        let early = state.withLock { state -> [Int32]? in
            if case .subscribe(let codes) = state.early.removeValue(forKey: messageID) { return codes }
            state.pending[messageID] = .subscribe(subscriptionID: subscriptionID)
            return nil
        }
        if let early { completeSubscribe(subscriptionID: subscriptionID, grantedCodes: early) }
    }

    /// Called on the network thread with a SUBACK.
    func handleSubscribeAcknowledged(messageID: Int32, grantedCodes: [Int32]) {
        let operation = state.withLock { state -> PendingOperation? in
            if let operation = state.pending.removeValue(forKey: messageID) { return operation }
            state.early[messageID] = .subscribe(grantedCodes: grantedCodes)
            return nil
        }
        guard case .subscribe(let subscriptionID) = operation else { return }
        completeSubscribe(subscriptionID: subscriptionID, grantedCodes: grantedCodes)
    }

    private func completeSubscribe(subscriptionID: UInt64, grantedCodes: [Int32]) {
        let code = grantedCodes.first ?? 0x80
        let refused = MQTTReasonCode.isFailure(code)
        let record = state.withLock { state -> SubscriptionRecord? in
            guard let record = state.subscriptions[subscriptionID] else { return nil }
            if refused && record.subackWaiter != nil {
                state.subscriptions.removeValue(forKey: subscriptionID)
            } else {
                state.subscriptions[subscriptionID]?.subackWaiter = nil
            }
            return record
        }
        guard let record else { return }
        guard refused else {
            logger.debug("MQTT subscribed to \(record.filter) (granted QoS \(code))")
            record.subackWaiter?.resume()
            return
        }
        let error = MQTTReasonCode.subscribeError(filter: record.filter, code: code)
        if let waiter = record.subackWaiter {
            logger.error("\(error.message)")
            waiter.resume(throwing: error)
            return
        }
        // A renewal after a reconnect, of a subscription the broker granted before. A broker cluster that has just
        // lost a node refuses renewals for a moment (NATS, while JetStream elects new leaders): ask again.
        logger.warning("\(error.message); it was granted before this reconnect: subscribing again in 1 s")
        Task { [self] in
            try? await Task.sleep(for: .seconds(1))
            let stillWanted = state.withLock { $0.connection == .connected && $0.subscriptions[subscriptionID] != nil }
            if stillWanted {
                sendSubscribe(subscriptionID: subscriptionID, filter: record.filter, qos: record.qos, onNetworkThread: false)
            }
        }
    }

    /// Ends one subscription: unsubscribes at the broker and finishes its stream.
    func cancelSubscription(_ subscriptionID: UInt64) {
        let record = state.withLock { $0.subscriptions.removeValue(forKey: subscriptionID) }
        guard let record else { return }
        record.buffer.finish()
        let stillSubscribed = state.withLock { state in
            state.subscriptions.values.contains { $0.filter == record.filter }
        }
        if !stillSubscribed {
            lifecycle.withLock { lifecycle in
                if !lifecycle.destroyed { _ = mosquitto_unsubscribe_v5(handle.pointer, nil, record.filter, nil) }
            }
        }
    }
}
