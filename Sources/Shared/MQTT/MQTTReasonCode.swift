import CMosquitto

/// Turns MQTT reason codes and libmosquitto results into ``MQTTError``s that say what happened.
///
/// Reason codes below 0x80 are successes (16, "no matching subscribers", is one: the broker accepted the message
/// and nobody happened to be listening); 0x80 and above are failures.
enum MQTTReasonCode {
    /// Whether `code` is a failure (≥ 0x80).
    static func isFailure(_ code: Int32) -> Bool { code >= 0x80 }

    /// libmosquitto's text for an MQTT v5 reason code.
    static func text(_ code: Int32) -> String {
        String(cString: mosquitto_reason_string(code))
    }

    /// libmosquitto's text for one of its own result codes (`MOSQ_ERR_*`).
    static func libraryText(_ result: Int32) -> String {
        if result == Int32(MOSQ_ERR_KEEPALIVE.rawValue) {
            // libmosquitto 2.0 has no text for it ("Unknown error.").
            return "keep-alive timeout: nothing came back from the broker within 1.5 × the keep-alive interval"
        }
        return String(cString: mosquitto_strerror(result))
    }

    static func publishError(topic: String, code: Int32) -> MQTTError {
        if code == Int32(MQTT_RC_NOT_AUTHORIZED.rawValue) {
            return MQTTError(
                .notAuthorized, reasonCode: Int(code),
                "not authorised to publish to \(topic) (reason \(code)): the broker's ACL does not let this "
                    + "client's identity write there; check the certificate's identity and the ACL file")
        }
        return MQTTError(
            .publishRejected, reasonCode: Int(code),
            "the broker rejected the publish to \(topic): \(text(code)) (reason \(code))")
    }

    static func subscribeError(filter: String, code: Int32) -> MQTTError {
        if code == Int32(MQTT_RC_NOT_AUTHORIZED.rawValue) {
            return MQTTError(
                .notAuthorized, reasonCode: Int(code),
                "not authorised to subscribe to \(filter) (reason \(code)): the broker's ACL does not let this "
                    + "client's identity read there")
        }
        return MQTTError(
            .subscriptionRejected, reasonCode: Int(code),
            "the broker rejected the subscription to \(filter): \(text(code)) (reason \(code))")
    }

    /// Whether a CONNACK code says the broker does not speak the protocol version asked for: 132 (MQTT 5, also
    /// what libmosquitto reports when a 3.1.1 broker answers a version 5 CONNECT) or 1 (MQTT 3.1.1).
    static func isUnsupportedProtocolVersion(_ code: Int32) -> Bool {
        code == Int32(MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION.rawValue) || code == 1
    }

    static func connackError(code: Int32, version: MQTTProtocolVersion, endpoint: String) -> MQTTError {
        let reason = version == .v5 ? text(code) : String(cString: mosquitto_connack_string(code))
        let hint: String
        switch code {
        case Int32(MQTT_RC_NOT_AUTHORIZED.rawValue), 5:
            hint = "; the broker does not accept this client's identity: check its certificate or credentials"
        case Int32(MQTT_RC_BAD_USERNAME_OR_PASSWORD.rawValue), 4:
            hint = "; check the user name and password"
        case Int32(MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION.rawValue), 1:
            hint = "; the broker does not speak MQTT \(version): configure the other protocol version"
        default:
            hint = ""
        }
        return MQTTError(
            .connectionRefused, reasonCode: Int(code),
            "the broker at \(endpoint) refused the connection: \(reason) (reason \(code))\(hint)")
    }

    /// The error for the end of a connection, as libmosquitto's disconnect callback reports it: a server's
    /// DISCONNECT reason code (≥ 0x80) or a `MOSQ_ERR_*` result for a connection that broke.
    static func disconnectError(code: Int32, endpoint: String, tls: Bool, wasConnected: Bool) -> MQTTError {
        if code >= 0x80 {
            return MQTTError(
                .connectionLost, reasonCode: Int(code),
                "the broker at \(endpoint) closed the connection: \(text(code)) (reason \(code))")
        }
        if !wasConnected {
            return connectFailure(result: code, endpoint: endpoint, tls: tls)
        }
        return MQTTError(
            .connectionLost,
            "the connection to \(endpoint) was lost: \(libraryText(code)) (libmosquitto result \(code))")
    }

    /// The error for a connection attempt that never reached CONNACK.
    ///
    /// A refused TLS handshake shows up as `MOSQ_ERR_ERRNO` whose text is the meaningless "Success" (errno is 0),
    /// or as `MOSQ_ERR_TLS`; the real reason is in the broker's log and in the OpenSSL lines libmosquitto logs.
    static func connectFailure(result: Int32, endpoint: String, tls: Bool) -> MQTTError {
        let isTLSFailure =
            result == Int32(MOSQ_ERR_TLS.rawValue) || result == Int32(MOSQ_ERR_TLS_HANDSHAKE.rawValue)
            || (tls && result == Int32(MOSQ_ERR_ERRNO.rawValue))
            || (tls && result == Int32(MOSQ_ERR_CONN_LOST.rawValue))
            || (tls && result == Int32(MOSQ_ERR_PROTOCOL.rawValue))
        if isTLSFailure {
            return MQTTError(
                .connectionFailed,
                "the TLS connection to \(endpoint) failed (libmosquitto result \(result)): the broker refused the "
                    + "handshake or its certificate did not verify. Check that the client certificate is signed by "
                    + "the CA the broker trusts, that the CA file signs the broker's certificate, and that the "
                    + "broker's address is in its certificate; the broker's log names the reason")
        }
        return MQTTError(
            .connectionFailed,
            "could not connect to \(endpoint): \(libraryText(result)) (libmosquitto result \(result)); "
                + "check that the broker runs and listens there")
    }
}
