/// An error of the MQTT client: what failed, the MQTT reason code or libmosquitto result if any, and a message
/// that says what happened and what to do.
public struct MQTTError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The configuration is unusable (bad port, unreadable file, invalid topic).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The connection could not be established: TCP refused, DNS, or the TLS handshake failed.
        public static let connectionFailed = Code("connectionFailed")
        /// The broker answered CONNECT with a refusal (CONNACK reason ≥ 0x80 or a 3.1.1 return code).
        public static let connectionRefused = Code("connectionRefused")
        /// The broker or the network closed an established connection.
        public static let connectionLost = Code("connectionLost")
        /// The broker's ACL denied the operation (reason 135).
        public static let notAuthorized = Code("notAuthorized")
        /// The broker rejected a publish with another reason code ≥ 0x80.
        public static let publishRejected = Code("publishRejected")
        /// The broker rejected a subscription (SUBACK reason ≥ 0x80).
        public static let subscriptionRejected = Code("subscriptionRejected")
        /// The client was shut down before the operation completed.
        public static let shutDown = Code("shutDown")
        /// The client is not connected and was not asked to connect.
        public static let notConnected = Code("notConnected")
        /// libmosquitto returned an unexpected error.
        public static let library = Code("library")

        /// The code's name.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// The MQTT reason code (PUBACK, SUBACK, CONNACK, DISCONNECT) when the broker sent one.
    public let reasonCode: Int?
    /// What happened, where, and what to do.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, reasonCode: Int? = nil, _ message: String) {
        self.code = code
        self.reasonCode = reasonCode
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
