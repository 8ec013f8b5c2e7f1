import Testing

@testable import Shared

/// Reason codes become errors that say what happened; codes below 0x80 are successes.
@Suite struct MQTTReasonCodeTests {
    @Test(arguments: [0, 16, 0x7f])
    func codesBelow0x80AreSuccesses(code: Int32) {
        #expect(!MQTTReasonCode.isFailure(code))
    }

    @Test func publishDenialNamesTheTopicAndReason() {
        let error = MQTTReasonCode.publishError(topic: "crossdock/v1/acme/dc1/agent-b/events", code: 135)
        #expect(error.code == .notAuthorized)
        #expect(
            error.message.hasPrefix("not authorised to publish to crossdock/v1/acme/dc1/agent-b/events (reason 135)"))
        let quota = MQTTReasonCode.publishError(topic: "t", code: 151)
        #expect(quota.code == .publishRejected)
        #expect(quota.message.contains("Quota exceeded"))
        #expect(quota.reasonCode == 151)
    }

    // mosquitto 2.0's ACL never refuses a SUBSCRIBE (it checks read access per message), so SUBACK refusals
    // cannot be provoked from a real broker here: the mapping is checked directly.
    @Test func subscriptionRefusalNamesTheFilterAndReason() {
        let denied = MQTTReasonCode.subscribeError(filter: "crossdock/v1/acme/dc1/agent-b/commands", code: 135)
        #expect(denied.code == .notAuthorized)
        #expect(
            denied.message.hasPrefix(
                "not authorised to subscribe to crossdock/v1/acme/dc1/agent-b/commands (reason 135)"))
        let invalid = MQTTReasonCode.subscribeError(filter: "x", code: 143)
        #expect(invalid.code == .subscriptionRejected)
        #expect(invalid.message.contains("(reason 143)"))
    }

    @Test(arguments: [(MQTTProtocolVersion.v5, Int32(135)), (.v5, 134), (.v3_1_1, 5), (.v3_1_1, 4)])
    func connectionRefusalsSayWhatToCheck(version: MQTTProtocolVersion, code: Int32) {
        let error = MQTTReasonCode.connackError(code: code, version: version, endpoint: "broker:8883")
        #expect(error.code == .connectionRefused)
        #expect(error.message.contains("broker:8883 refused the connection"))
        #expect(error.message.contains("check"))
    }

    @Test func brokerDisconnectReasonsAreReported() {
        let error = MQTTReasonCode.disconnectError(code: 142, endpoint: "broker:8883", tls: true, wasConnected: true)
        #expect(error.code == .connectionLost)
        #expect(error.message.contains("Session taken over"))
        #expect(error.reasonCode == 142)
    }
}
