/// A certificate and its private key on disk.
public struct IssuedCertificate: Sendable, Hashable {
    /// PEM certificate.
    public let certificateFile: String
    /// PEM private key (unencrypted).
    public let keyFile: String
    /// The certificate's common name.
    public let commonName: String

    /// Creates a reference to a certificate and key.
    public init(certificateFile: String, keyFile: String, commonName: String) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.commonName = commonName
    }
}
