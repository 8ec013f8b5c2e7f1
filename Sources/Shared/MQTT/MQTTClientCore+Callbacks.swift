import CMosquitto
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libmosquitto's callbacks, bridged into the core. They run on libmosquitto's network thread (and, for log
/// lines, on whichever thread called into libmosquitto). The C function literals capture nothing: the core
/// arrives as `userdata`.
extension MQTTClientCore {
    static func from(_ userdata: UnsafeMutableRawPointer?) -> MQTTClientCore? {
        guard let userdata else { return nil }
        return Unmanaged<MQTTClientCore>.fromOpaque(userdata).takeUnretainedValue()
    }

    func installCallbacks() {
        let pointer = handle.pointer
        mosquitto_connect_v5_callback_set(pointer) { _, userdata, reasonCode, _, _ in
            MQTTClientCore.from(userdata)?.handleConnect(reasonCode: reasonCode)
        }
        mosquitto_disconnect_v5_callback_set(pointer) { _, userdata, reasonCode, _ in
            MQTTClientCore.from(userdata)?.handleDisconnect(code: reasonCode)
        }
        mosquitto_publish_v5_callback_set(pointer) { _, userdata, messageID, reasonCode, _ in
            MQTTClientCore.from(userdata)?.handlePublishAcknowledged(messageID: messageID, reasonCode: reasonCode)
        }
        mosquitto_subscribe_v5_callback_set(pointer) { _, userdata, messageID, count, granted, _ in
            guard let core = MQTTClientCore.from(userdata) else { return }
            let codes = (0..<Int(max(0, count))).map { granted?[$0] ?? 0x80 }
            core.handleSubscribeAcknowledged(messageID: messageID, grantedCodes: codes)
        }
        mosquitto_message_v5_callback_set(pointer) { _, userdata, message, properties in
            guard let core = MQTTClientCore.from(userdata), let message else { return }
            core.handleMessage(message.pointee, properties: properties)
        }
        mosquitto_log_callback_set(pointer) { _, userdata, level, text in
            guard let core = MQTTClientCore.from(userdata), let text else { return }
            core.handleLog(level: level, text: text)
        }
    }

    func handleConnect(reasonCode: Int32) {
        if reasonCode != 0 {
            let version = currentProtocolVersion
            let error = MQTTReasonCode.connackError(
                code: reasonCode, version: version, endpoint: currentEndpoint.description)
            state.withLock { state in
                state.attemptError = error
                state.protocolRefused = MQTTReasonCode.isUnsupportedProtocolVersion(reasonCode)
            }
            logger.error("\(error.message)")
            return
        }
        let subscriptions = state.withLock { state -> [(UInt64, String, MQTTQoS)] in
            state.sessionConnected = true
            return state.subscriptions.map { ($0.key, $0.value.filter, $0.value.qos) }
        }
        logger.info(
            "MQTT connected",
            metadata: ["mqtt.protocol": "\(currentProtocolVersion)", "mqtt.endpoint": "\(currentEndpoint)"])
        setConnectionState(.connected)
        for (id, filter, qos) in subscriptions {
            sendSubscribe(subscriptionID: id, filter: filter, qos: qos, onNetworkThread: true)
        }
        resumeConnectWaiters()
    }

    func handleDisconnect(code: Int32) {
        let (shuttingDown, wasConnected, alreadyReported) = state.withLock { state in
            let result = (state.shuttingDown, state.sessionConnected, state.connectionEndReported)
            state.connectionEndReported = true
            return result
        }
        if shuttingDown || alreadyReported { return }
        // Mark the client disconnected so that mosquitto_loop_forever returns instead of running its own
        // (unjittered, whole-second) reconnect loop; the supervisor reconnects.
        mosquitto_disconnect(handle.pointer)
        let error = MQTTReasonCode.disconnectError(
            code: code, endpoint: currentEndpoint.description, tls: configuration.tls != nil,
            wasConnected: wasConnected)
        state.withLock { state in
            if state.attemptError == nil || wasConnected { state.attemptError = error }
            state.endCode = code
        }
        if wasConnected {
            logger.warning("\(error.message)")
        }
        eventSink.yield(.connectionEnded)
    }

    func handleLog(level: Int32, text: UnsafePointer<CChar>) {
        let logLevel: Logger.Level
        switch level {
        case MOSQ_LOG_ERR: logLevel = .error
        case MOSQ_LOG_WARNING: logLevel = .warning
        case MOSQ_LOG_NOTICE, MOSQ_LOG_INFO: logLevel = .info
        default: logLevel = .trace
        }
        guard logLevel >= logger.logLevel else { return }
        logger.log(level: logLevel, "libmosquitto: \(String(cString: text))")
    }

    func handleMessage(_ message: mosquitto_message, properties: OpaquePointer?) {
        let topic = String(cString: message.topic)
        let length = Int(max(0, message.payloadlen))
        let payload: [UInt8]
        if length > 0, let bytes = message.payload {
            payload = Array(UnsafeRawBufferPointer(start: bytes, count: length))
        } else {
            payload = []
        }
        let received = MQTTMessage(
            topic: topic, payload: payload, qos: MQTTQoS(rawValue: message.qos) ?? .atMostOnce,
            retain: message.retain, properties: Self.readProperties(properties))
        let buffers = state.withLock { state -> [MQTTMessageBuffer] in
            var matching: [MQTTMessageBuffer] = []
            for subscription in state.subscriptions.values {
                var matches = false
                if mosquitto_topic_matches_sub(
                    MQTTSharedSubscription.matchingFilter(subscription.filter), topic, &matches)
                    == MOSQ_ERR_SUCCESS.rawValue,
                    matches
                {
                    matching.append(subscription.buffer)
                }
            }
            return matching
        }
        if buffers.isEmpty {
            logger.trace("MQTT message on \(topic) matches no subscription of this client; discarded")
        }
        for buffer in buffers where buffer.push(received) == .overflowStarted {
            let advice =
                "consume faster, do not await a publish while holding up the subscription, "
                + "or raise subscriptionBufferCapacity"
            logger.warning(
                """
                MQTT subscription consumer is behind: buffering messages on \(topic) beyond the capacity of \
                \(buffer.capacity) rather than drop them; \(advice)
                """)
        }
    }

    static func readProperties(_ properties: OpaquePointer?) -> MQTTMessageProperties {
        guard let properties else { return MQTTMessageProperties() }
        var result = MQTTMessageProperties()
        var value: UnsafeMutablePointer<CChar>?
        if mosquitto_property_read_string(properties, Int32(MQTT_PROP_CONTENT_TYPE.rawValue), &value, false) != nil,
            let value
        {
            result.contentType = String(cString: value)
            free(value)
        }
        var skipFirst = false
        var cursor: OpaquePointer? = properties
        while let current = cursor {
            var name: UnsafeMutablePointer<CChar>?
            var pairValue: UnsafeMutablePointer<CChar>?
            cursor = mosquitto_property_read_string_pair(
                current, Int32(MQTT_PROP_USER_PROPERTY.rawValue), &name, &pairValue, skipFirst)
            guard cursor != nil else { break }
            if let name, let pairValue {
                result.userProperties.append(.init(name: String(cString: name), value: String(cString: pairValue)))
            }
            free(name)
            free(pairValue)
            skipFirst = true
        }
        return result
    }
}
