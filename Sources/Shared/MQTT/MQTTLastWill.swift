/// A message the broker publishes on the client's behalf when the client goes away without saying goodbye.
///
/// crossdock agents set their `status` topic as last will (retained, QoS 1) so that the centre sees them go
/// offline when their host dies or the network drops. The will is registered with the broker when connecting.
public struct MQTTLastWill: Sendable, Hashable {
    /// Topic the will is published to.
    public var topic: String
    /// Payload of the will.
    public var payload: [UInt8]
    /// Quality of service of the will.
    public var qos: MQTTQoS
    /// Whether the broker retains the will as the topic's last known value.
    public var retain: Bool

    /// Creates a last will.
    public init(topic: String, payload: [UInt8], qos: MQTTQoS = .atLeastOnce, retain: Bool = true) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
    }
}
