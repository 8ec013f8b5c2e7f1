import CMosquitto

/// The MQTT protocol version a client speaks.
///
/// MQTT 5 is the default: it reports a publish the broker's ACL denies as reason code 135, where MQTT 3.1.1
/// acknowledges it as if it had succeeded and drops it silently. Choose ``v3_1_1`` only for brokers that speak
/// nothing newer (some clustered brokers).
public enum MQTTProtocolVersion: Sendable, Hashable, CustomStringConvertible {
    /// MQTT 3.1.1: no reason codes on PUBACK, no properties.
    case v3_1_1
    /// MQTT 5.0: reason codes on every acknowledgement, properties.
    case v5

    var mosquittoValue: Int32 {
        switch self {
        case .v3_1_1: return Int32(MQTT_PROTOCOL_V311)
        case .v5: return Int32(MQTT_PROTOCOL_V5)
        }
    }

    /// `3.1.1` or `5`.
    public var description: String {
        switch self {
        case .v3_1_1: return "3.1.1"
        case .v5: return "5"
        }
    }
}
