/// A message received on a subscription.
public struct MQTTMessage: Sendable {
    /// The topic the message was published to.
    public var topic: String
    /// The payload bytes.
    public var payload: [UInt8]
    /// The quality of service it was delivered with.
    public var qos: MQTTQoS
    /// Whether it is a retained message the broker replayed on subscribing.
    public var retain: Bool
    /// MQTT 5 properties that came with it (empty with MQTT 3.1.1).
    public var properties: MQTTMessageProperties

    /// Creates a message.
    public init(
        topic: String, payload: [UInt8], qos: MQTTQoS, retain: Bool,
        properties: MQTTMessageProperties = MQTTMessageProperties()
    ) {
        self.topic = topic
        self.payload = payload
        self.qos = qos
        self.retain = retain
        self.properties = properties
    }
}
