/// Files a client needs to speak TLS to the broker and to prove its identity with a client certificate.
///
/// The broker's certificate is verified against ``caFile`` and its host name (or IP address) against the
/// certificate's subject alternative names. With `require_certificate true` and `use_identity_as_username true`
/// on the broker, the common name of ``certificateFile`` becomes the client's user name, which the broker's
/// ACL uses to confine the client to its own topics.
public struct MQTTTLSConfiguration: Sendable, Hashable {
    /// PEM file with the certificate authority that signed the broker's certificate.
    public var caFile: String
    /// PEM file with the client's certificate, or `nil` to connect without one.
    public var certificateFile: String?
    /// PEM file with the client certificate's private key (unencrypted), or `nil` without a certificate.
    public var keyFile: String?

    /// Creates a TLS configuration.
    /// - Parameters:
    ///   - caFile: PEM file with the certificate authority that signed the broker's certificate.
    ///   - certificateFile: PEM file with the client certificate, if the broker requires one.
    ///   - keyFile: PEM file with that certificate's private key.
    public init(caFile: String, certificateFile: String? = nil, keyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
    }
}
