/// The delivery guarantee of an MQTT message.
public enum MQTTQoS: Int32, Sendable, Hashable, CaseIterable {
    /// At most once: fire and forget; completes when the message is handed to the network.
    case atMostOnce = 0
    /// At least once: completes when the broker's PUBACK arrives. crossdock's default.
    case atLeastOnce = 1
    /// Exactly once, by the four-packet handshake. Supported, but crossdock dedups at the application level instead.
    case exactlyOnce = 2
}
