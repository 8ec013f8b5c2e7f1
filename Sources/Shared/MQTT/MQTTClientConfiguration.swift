/// Everything an ``MQTTClient`` needs to know before it connects.
public struct MQTTClientConfiguration: Sendable {
    /// Host name or IP address of the broker.
    public var host: String
    /// TCP port of the broker (8883 is the usual TLS port).
    public var port: Int
    /// Client identifier; `nil` generates a unique one (`crossdock-` and 16 hex digits).
    public var clientID: String?
    /// Further nodes of a broker cluster, tried in turn after ``host``:``port`` when a connection fails or ends.
    public var fallbackEndpoints: [MQTTEndpoint]
    /// Protocol version; MQTT 5 unless the broker speaks only 3.1.1.
    public var protocolVersion: MQTTProtocolVersion
    /// Whether a client configured for MQTT 5 speaks 3.1.1 from then on when the broker refuses version 5
    /// (CONNACK "unsupported protocol version") or closes the connection before any CONNACK.
    public var fallsBackToMQTT311: Bool
    /// TLS settings, or `nil` for a plain TCP connection (tests and local development only).
    public var tls: MQTTTLSConfiguration?
    /// User name, when the broker authenticates by password rather than client certificate.
    public var username: String?
    /// Password that goes with ``username``.
    public var password: String?
    /// Keep-alive interval in seconds (5…65535).
    public var keepAlive: Int
    /// Whether the broker discards the session (subscriptions, queued messages) when the client connects.
    public var cleanStart: Bool
    /// Last will, published by the broker when the client disappears without disconnecting.
    public var lastWill: MQTTLastWill?
    /// Waits between reconnection attempts.
    public var reconnect: MQTTReconnectPolicy
    /// How long a connection attempt may wait for the broker's port to accept TCP before it counts as failed.
    public var connectTimeout: Duration
    /// QoS 1/2 messages libmosquitto keeps on the wire at once before it queues further ones internally.
    public var maxInflightMessages: Int
    /// Messages handed to libmosquitto and not yet acknowledged, across all publishers of this client.
    ///
    /// Further publishes wait. Message ids are 16 bits and libmosquitto reuses them blindly after 65535, so this
    /// is capped at 60,000.
    public var maxUnacknowledgedMessages: Int
    /// Messages each subscription buffers before the network thread waits for its consumer (backpressure).
    public var subscriptionBufferCapacity: Int
    /// How long the network thread waits for a subscription's consumer to make room before it logs a warning and
    /// buffers beyond ``subscriptionBufferCapacity`` until the consumer has caught up, rather than drop a message.
    public var subscriptionOverflowWait: Duration

    /// Creates a configuration with crossdock's defaults.
    public init(
        host: String,
        port: Int,
        clientID: String? = nil,
        fallbackEndpoints: [MQTTEndpoint] = [],
        protocolVersion: MQTTProtocolVersion = .v5,
        fallsBackToMQTT311: Bool = false,
        tls: MQTTTLSConfiguration? = nil,
        username: String? = nil,
        password: String? = nil,
        keepAlive: Int = 30,
        cleanStart: Bool = true,
        lastWill: MQTTLastWill? = nil,
        reconnect: MQTTReconnectPolicy = .standard,
        connectTimeout: Duration = .seconds(10),
        maxInflightMessages: Int = 1000,
        maxUnacknowledgedMessages: Int = 20_000,
        subscriptionBufferCapacity: Int = 10_000,
        subscriptionOverflowWait: Duration = .seconds(2)
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.fallbackEndpoints = fallbackEndpoints
        self.protocolVersion = protocolVersion
        self.fallsBackToMQTT311 = fallsBackToMQTT311
        self.tls = tls
        self.username = username
        self.password = password
        self.keepAlive = keepAlive
        self.cleanStart = cleanStart
        self.lastWill = lastWill
        self.reconnect = reconnect
        self.connectTimeout = connectTimeout
        self.maxInflightMessages = maxInflightMessages
        self.maxUnacknowledgedMessages = maxUnacknowledgedMessages
        self.subscriptionBufferCapacity = subscriptionBufferCapacity
        self.subscriptionOverflowWait = subscriptionOverflowWait
    }

    /// Every broker address in the order they are tried: ``host``:``port`` first, then ``fallbackEndpoints``.
    public var endpoints: [MQTTEndpoint] {
        [MQTTEndpoint(host: host, port: port)] + fallbackEndpoints
    }

    /// `host:port` of the first endpoint, for messages.
    var endpoint: String {
        MQTTEndpoint(host: host, port: port).description
    }
}
