import CMosquitto
import Logging
import Synchronization

/// The state an ``MQTTClient`` shares with libmosquitto's network thread, and the connection supervisor.
///
/// libmosquitto's callbacks receive this object as `userdata` (retained for as long as the `struct mosquitto`
/// exists; released after `mosquitto_destroy`). Everything the callbacks touch is behind `state`.
final class MQTTClientCore: Sendable {
    /// What a message id in flight stands for.
    enum PendingOperation {
        case publish(topic: String, completion: PublishCompletion)
        case subscribe(subscriptionID: UInt64)
    }

    /// How to report the end of one publish.
    enum PublishCompletion {
        case handler(@Sendable (Result<Void, MQTTError>) -> Void)

        func complete(_ result: Result<Void, MQTTError>) {
            switch self {
            case .handler(let handler): handler(result)
            }
        }
    }

    /// An acknowledgement that arrived before `mosquitto_publish`/`mosquitto_subscribe` returned its message id.
    enum EarlyAcknowledgement {
        case publish(reasonCode: Int32)
        case subscribe(grantedCodes: [Int32])
    }

    struct SubscriptionRecord {
        let filter: String
        let qos: MQTTQoS
        let buffer: MQTTMessageBuffer
        var subackWaiter: CheckedContinuation<Void, any Error>?
    }

    struct State {
        var connection: MQTTConnectionState = .idle
        var pending: [Int32: PendingOperation] = [:]
        var early: [Int32: EarlyAcknowledgement] = [:]
        var subscriptions: [UInt64: SubscriptionRecord] = [:]
        var nextSubscriptionID: UInt64 = 0
        var observers: [UInt64: AsyncStream<MQTTConnectionState>.Continuation] = [:]
        var nextObserverID: UInt64 = 0
        var connectWaiters: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextConnectWaiterID: UInt64 = 0
        /// Whether the current connection reached CONNACK success (decides how its end is reported).
        var sessionConnected = false
        /// Whether the end of the current connection was already reported to the supervisor.
        var connectionEndReported = false
        /// The refusal or failure of the current attempt, reported by the connect callback.
        var attemptError: MQTTError?
        var supervisor: Task<Void, Never>?
        var shutdownTask: Task<Void, Never>?
        var shuttingDown = false
        /// Index into ``MQTTClientConfiguration/endpoints`` of the current (or next) attempt's broker.
        var endpointIndex = 0
        /// The protocol version spoken: the configured one, or 3.1.1 after a fallback.
        var protocolVersion: MQTTProtocolVersion = .v5
        /// Whether the broker refused the current attempt's protocol version in its CONNACK.
        var protocolRefused = false
        /// libmosquitto's result (or the server's reason code) for the end of the current connection.
        var endCode: Int32 = 0
    }

    /// libmosquitto objects only the supervisor (and teardown) touch; the lock orders connect, loop start/stop
    /// and destroy against each other. Callbacks never take it.
    struct Lifecycle {
        var threadRunning = false
        var everAttempted = false
        var destroyed = false
    }

    /// Events from the network thread to the supervisor.
    enum SupervisorEvent: Sendable {
        case connectionEnded
    }

    let configuration: MQTTClientConfiguration
    let clientID: String
    let logger: Logger
    let handle: MosquittoHandle
    let state: Mutex<State>
    let lifecycle: Mutex<Lifecycle>
    let window: MQTTPublishWindow
    let events: AsyncStream<SupervisorEvent>
    let eventSink: AsyncStream<SupervisorEvent>.Continuation

    init(configuration: MQTTClientConfiguration, logger: Logger) throws(MQTTError) {
        MQTTLibrary.ensureInitialized()
        var logger = logger
        let clientID = configuration.clientID ?? Self.generatedClientID()
        logger[metadataKey: "mqtt.client"] = .string(clientID)
        logger[metadataKey: "mqtt.broker"] = .string(configuration.endpoint)
        self.configuration = configuration
        self.clientID = clientID
        self.logger = logger
        self.state = Mutex(State(protocolVersion: configuration.protocolVersion))
        self.lifecycle = Mutex(Lifecycle())
        self.window = MQTTPublishWindow(capacity: min(60_000, max(1, configuration.maxUnacknowledgedMessages)))
        (self.events, self.eventSink) = AsyncStream.makeStream(of: SupervisorEvent.self)
        guard let pointer = mosquitto_new(clientID, configuration.cleanStart, nil) else {
            throw MQTTError(
                .library, "libmosquitto could not create a client (out of memory or invalid client id \(clientID))")
        }
        self.handle = MosquittoHandle(pointer: pointer)
        do {
            try applyOptions()
        } catch {
            mosquitto_destroy(pointer)
            throw error
        }
        // The network thread holds this reference until teardown releases it after mosquitto_destroy.
        mosquitto_user_data_set(pointer, Unmanaged.passRetained(self).toOpaque())
        installCallbacks()
    }

    private static func generatedClientID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return "crossdock-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    private func applyOptions() throws(MQTTError) {
        let pointer = handle.pointer
        let configuration = self.configuration
        guard (1...65535).contains(configuration.port) else {
            throw MQTTError(.invalidConfiguration, "MQTT port \(configuration.port) is out of range 1…65535")
        }
        guard configuration.keepAlive == 0 || (5...65535).contains(configuration.keepAlive) else {
            throw MQTTError(.invalidConfiguration, "MQTT keep-alive \(configuration.keepAlive) s must be 5…65535")
        }
        var result = mosquitto_int_option(
            pointer, MOSQ_OPT_PROTOCOL_VERSION, configuration.protocolVersion.mosquittoValue)
        try check(result, "setting the protocol version")
        result = mosquitto_int_option(
            pointer, MOSQ_OPT_SEND_MAXIMUM, Int32(max(1, min(65535, configuration.maxInflightMessages))))
        try check(result, "setting the maximum of in-flight messages")
        if let tls = configuration.tls {
            if (tls.certificateFile == nil) != (tls.keyFile == nil) {
                throw MQTTError(
                    .invalidConfiguration,
                    "a client certificate needs both a certificate file and a key file; got only one of them")
            }
            result = mosquitto_tls_set(pointer, tls.caFile, nil, tls.certificateFile, tls.keyFile, nil)
            if result != MOSQ_ERR_SUCCESS.rawValue {
                throw MQTTError(
                    .invalidConfiguration,
                    "cannot use the TLS files (CA \(tls.caFile), certificate \(tls.certificateFile ?? "none"), key "
                        + "\(tls.keyFile ?? "none")): \(MQTTReasonCode.libraryText(result)); check that they exist "
                        + "and are readable")
            }
        }
        if let username = configuration.username {
            result = mosquitto_username_pw_set(pointer, username, configuration.password)
            try check(result, "setting the user name")
        }
        if let will = configuration.lastWill {
            result = will.payload.withUnsafeBytes { bytes in
                mosquitto_will_set(
                    pointer, will.topic, Int32(bytes.count), bytes.baseAddress, will.qos.rawValue, will.retain)
            }
            if result != MOSQ_ERR_SUCCESS.rawValue {
                throw MQTTError(
                    .invalidConfiguration,
                    "cannot set the last will on \(will.topic): \(MQTTReasonCode.libraryText(result))")
            }
        }
    }

    private func check(_ result: Int32, _ what: String) throws(MQTTError) {
        if result != MOSQ_ERR_SUCCESS.rawValue {
            throw MQTTError(.library, "libmosquitto failed \(what): \(MQTTReasonCode.libraryText(result))")
        }
    }

    /// The broker of the current (or next) connection attempt.
    var currentEndpoint: MQTTEndpoint {
        let index = state.withLock { $0.endpointIndex }
        let endpoints = configuration.endpoints
        return endpoints[min(index, endpoints.count - 1)]
    }

    /// The protocol version spoken now.
    var currentProtocolVersion: MQTTProtocolVersion {
        state.withLock { $0.protocolVersion }
    }

    // MARK: Connection state

    func setConnectionState(_ newState: MQTTConnectionState) {
        let observers = state.withLock { state -> [AsyncStream<MQTTConnectionState>.Continuation] in
            guard state.connection != newState, state.connection != .shutDown else { return [] }
            state.connection = newState
            return Array(state.observers.values)
        }
        for observer in observers { observer.yield(newState) }
    }

    func connectionStates() -> AsyncStream<MQTTConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: MQTTConnectionState.self, bufferingPolicy: .bufferingNewest(64))
        let (id, current, finished) = state.withLock { state -> (UInt64, MQTTConnectionState, Bool) in
            state.nextObserverID += 1
            let finished = state.connection == .shutDown
            if !finished { state.observers[state.nextObserverID] = continuation }
            return (state.nextObserverID, state.connection, finished)
        }
        continuation.yield(current)
        if finished {
            continuation.finish()
        } else {
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.observers.removeValue(forKey: id) }
            }
        }
        return stream
    }
}
