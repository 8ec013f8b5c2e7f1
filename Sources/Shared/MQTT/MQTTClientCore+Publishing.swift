import CMosquitto

/// Publishing, and matching acknowledgements to publishes.
///
/// A PUBACK can arrive (on the network thread) before `mosquitto_publish` has returned its message id to the
/// publishing thread. The callback then finds nobody waiting for that id and parks the reason code in `early`;
/// registering the publish picks it up. Message ids wrap at 65535 and libmosquitto reuses them blindly, so the
/// client window keeps fewer than that unacknowledged.
extension MQTTClientCore {
    /// Hands one message to libmosquitto and arranges for `completion` to run when it is acknowledged (QoS 1/2),
    /// written (QoS 0), or fails. The caller holds a slot of ``window``; completion releases it.
    func submit(
        topic: String, payload: UnsafeRawBufferPointer, qos: MQTTQoS, retain: Bool,
        properties: MQTTMessageProperties, completion: PublishCompletion
    ) {
        var messageID: Int32 = 0
        let attachProperties = !properties.isEmpty && currentProtocolVersion == .v5
        // The lifecycle lock keeps teardown from destroying the handle during the call.
        let result = lifecycle.withLock { lifecycle -> Int32? in
            guard !lifecycle.destroyed else { return nil }
            var list: OpaquePointer? = nil
            if attachProperties { Self.build(properties, into: &list) }
            defer { if list != nil { mosquitto_property_free_all(&list) } }
            return mosquitto_publish_v5(
                handle.pointer, &messageID, topic, Int32(payload.count), payload.baseAddress, qos.rawValue, retain,
                list)
        }
        guard let result else {
            finish(
                completion, .failure(MQTTError(.shutDown, "the MQTT client was shut down; cannot publish to \(topic)")))
            return
        }
        switch result {
        case MOSQ_ERR_SUCCESS.rawValue:
            register(messageID: messageID, topic: topic, completion: completion)
        case MOSQ_ERR_NO_CONN.rawValue where qos != .atMostOnce:
            // Not connected: libmosquitto queued the message and sends it after the reconnect.
            register(messageID: messageID, topic: topic, completion: completion)
        case MOSQ_ERR_NO_CONN.rawValue:
            finish(
                completion,
                .failure(
                    MQTTError(
                        .notConnected,
                        "not connected to \(currentEndpoint): the QoS 0 message to \(topic) was not sent")))
        case MOSQ_ERR_INVAL.rawValue, MOSQ_ERR_MALFORMED_UTF8.rawValue:
            finish(
                completion,
                .failure(
                    MQTTError(
                        .invalidConfiguration,
                        "cannot publish to \"\(topic)\": not a valid topic name (empty, wildcards + or #, or bad UTF-8)"
                    )))
        default:
            finish(
                completion,
                .failure(
                    MQTTError(
                        .library, "libmosquitto could not publish to \(topic): \(MQTTReasonCode.libraryText(result))")))
        }
    }

    private func register(messageID: Int32, topic: String, completion: PublishCompletion) {
        let early = state.withLock { state -> Int32? in
            if case .publish(let code) = state.early.removeValue(forKey: messageID) { return code }
            state.pending[messageID] = .publish(topic: topic, completion: completion)
            return nil
        }
        if let early {
            finish(completion, Self.outcome(topic: topic, reasonCode: early))
        }
    }

    /// Called on the network thread when a publish is acknowledged (or, at QoS 0, written).
    func handlePublishAcknowledged(messageID: Int32, reasonCode: Int32) {
        let operation = state.withLock { state -> PendingOperation? in
            if let operation = state.pending.removeValue(forKey: messageID) { return operation }
            state.early[messageID] = .publish(reasonCode: reasonCode)
            return nil
        }
        guard case .publish(let topic, let completion) = operation else { return }
        finish(completion, Self.outcome(topic: topic, reasonCode: reasonCode))
    }

    private func finish(_ completion: PublishCompletion, _ result: Result<Void, MQTTError>) {
        window.release()
        completion.complete(result)
    }

    private static func outcome(topic: String, reasonCode: Int32) -> Result<Void, MQTTError> {
        MQTTReasonCode.isFailure(reasonCode)
            ? .failure(MQTTReasonCode.publishError(topic: topic, code: reasonCode)) : .success(())
    }

    private static func build(_ properties: MQTTMessageProperties, into list: inout OpaquePointer?) {
        if let contentType = properties.contentType {
            mosquitto_property_add_string(&list, Int32(MQTT_PROP_CONTENT_TYPE.rawValue), contentType)
        }
        for property in properties.userProperties {
            mosquitto_property_add_string_pair(
                &list, Int32(MQTT_PROP_USER_PROPERTY.rawValue), property.name, property.value)
        }
    }
}
