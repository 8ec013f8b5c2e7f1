/// Where a client's connection stands, as reported by ``MQTTClient/connectionStates()``.
public enum MQTTConnectionState: Sendable, Hashable, CustomStringConvertible {
    /// Created, not yet asked to connect.
    case idle
    /// A connection attempt is under way (attempt 1 is the first).
    case connecting(attempt: Int)
    /// Connected: the broker accepted CONNECT.
    case connected
    /// The connection failed or was lost; the next attempt starts after `delay`.
    case waitingToReconnect(attempt: Int, delay: Duration, reason: String)
    /// The first connection attempt of ``MQTTClient/connect()`` failed; the client does not retry.
    case failed(reason: String)
    /// ``MQTTClient/shutdown(drainTimeout:)`` ran; the client cannot be used any more.
    case shutDown

    /// A short description for logs.
    public var description: String {
        switch self {
        case .idle: return "idle"
        case .connecting(let attempt): return "connecting (attempt \(attempt))"
        case .connected: return "connected"
        case .waitingToReconnect(let attempt, let delay, let reason):
            return "reconnecting in \(delay) (attempt \(attempt)) after: \(reason)"
        case .failed(let reason): return "failed: \(reason)"
        case .shutDown: return "shut down"
        }
    }
}
