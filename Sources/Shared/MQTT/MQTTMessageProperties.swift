/// The MQTT 5 properties crossdock sends and reads on messages.
///
/// Ignored (not sent) when the client speaks MQTT 3.1.1.
public struct MQTTMessageProperties: Sendable, Hashable {
    /// A name/value pair of the message's user properties.
    public struct UserProperty: Sendable, Hashable {
        /// The property's name.
        public var name: String
        /// The property's value.
        public var value: String

        /// Creates a user property.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// MIME type of the payload, e.g. `application/cloudevents-batch+json`.
    public var contentType: String?
    /// Application-defined name/value pairs, in the order they were sent.
    public var userProperties: [UserProperty]

    /// Creates properties.
    public init(contentType: String? = nil, userProperties: [UserProperty] = []) {
        self.contentType = contentType
        self.userProperties = userProperties
    }

    /// Whether there is nothing to send.
    public var isEmpty: Bool { contentType == nil && userProperties.isEmpty }
}
