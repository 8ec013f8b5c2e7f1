extension BrokerSettings {
    /// The MQTT client configuration these settings describe: the first endpoint, the others as fallbacks.
    ///
    /// - Parameters:
    ///   - clientID: used when the settings name none (`broker.client_id`).
    ///   - lastWill: what the broker publishes if this program disappears without disconnecting.
    public func clientConfiguration(clientID defaultClientID: String, lastWill: MQTTLastWill? = nil) -> MQTTClientConfiguration {
        MQTTClientConfiguration(
            host: host,
            port: port,
            clientID: clientID ?? defaultClientID,
            fallbackEndpoints: Array(endpoints.dropFirst()),
            protocolVersion: protocolVersion == .mqtt311 ? .v3_1_1 : .v5,
            fallsBackToMQTT311: protocolVersion == .auto,
            tls: tls.map { MQTTTLSConfiguration(caFile: $0.caFile, certificateFile: $0.certificateFile, keyFile: $0.keyFile) },
            keepAlive: Int(keepAlive.components.seconds),
            lastWill: lastWill,
            reconnect: MQTTReconnectPolicy(initialDelay: minReconnectDelay, maximumDelay: maxReconnectDelay),
            maxInflightMessages: maxInflight)
    }
}
