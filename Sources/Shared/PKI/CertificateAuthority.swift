#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A certificate authority kept in a directory, issuing the broker's server certificate and the client
/// certificates of agents and aggregators, with the `openssl` command line.
///
/// Layout of ``directory`` (mode 0755, so that a broker that dropped to its own user can reach its files):
///
/// | file | mode | what |
/// |---|---|---|
/// | `ca.crt` | 0644 | the CA certificate: brokers and clients trust it |
/// | `private/ca.key` | 0600 (dir 0700) | the CA key: keep it off agents |
/// | `server/server.crt`, `server/server.key` | 0644, 0640 | the broker's certificate and key (broker's group) |
/// | `clients/<stem>.crt`, `clients/<stem>.key` | 0644, 0600 | one pair per identity, ``PKIIdentity/fileStem`` |
/// | `crl.pem`, `private/index.txt` | 0644, 0600 | the revocation list and openssl's CA database (see ``revoke(certificateFile:)``) |
///
/// Keys are ECDSA P-256; certificates carry the usual extensions (CA: `keyCertSign`; server: `serverAuth` and
/// subject alternative names; clients: `clientAuth`).
public struct CertificateAuthority: Sendable {
    /// The directory holding the authority and what it issued.
    public let directory: String
    /// The `openssl` executable used.
    public let openssl: String

    /// The CA certificate (PEM), to give to brokers and clients.
    public var certificateFile: String { directory + "/ca.crt" }
    /// The CA private key (PEM, mode 0600).
    public var keyFile: String { directory + "/private/ca.key" }

    /// Opens the authority in `directory`, created earlier by ``create(in:commonName:validityDays:openssl:)``.
    public init(directory: String, openssl: String = "openssl") throws(PKIError) {
        self.directory = directory
        self.openssl = openssl
        guard access(certificateFile, R_OK) == 0, access(keyFile, R_OK) == 0 else {
            throw PKIError(
                .authority,
                "no certificate authority in \(directory): \(certificateFile) or \(keyFile) is missing or unreadable; "
                    + "create one first (pki init)")
        }
    }

    /// Creates a new authority in `directory` (created if needed; it must not hold one already).
    public static func create(
        in directory: String, commonName: String = "crossdock CA", validityDays: Int = 3650,
        openssl: String = "openssl"
    ) throws(PKIError) -> CertificateAuthority {
        guard access(directory + "/ca.crt", F_OK) != 0 else {
            throw PKIError(
                .authority,
                "\(directory) already holds a certificate authority (ca.crt); refusing to overwrite it")
        }
        try FileSystem.makeDirectory(directory, mode: 0o755)
        try FileSystem.makeDirectory(directory + "/private", mode: 0o700)
        try OpenSSL.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", directory + "/private/ca.key", "-out", directory + "/ca.crt",
                "-days", String(validityDays), "-subj",
                OpenSSL.subject(organisationalUnit: "ca", commonName: commonName),
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
        try FileSystem.setMode(directory + "/private/ca.key", 0o600)
        try FileSystem.setMode(directory + "/ca.crt", 0o644)
        let authority = try CertificateAuthority(directory: directory, openssl: openssl)
        try authority.generateRevocationList()
        return authority
    }

    /// Issues the broker's certificate into `server/`.
    /// - Parameters:
    ///   - subjectAlternativeNames: Names clients connect by (`IP:…`, `DNS:…`); the default covers loopback.
    ///   - brokerGroup: Group that may read the key (mode 0640): mosquitto started as root drops to user and
    ///     group `mosquitto`. Applied when running as root and the group exists; otherwise the key stays 0640
    ///     for its owner's group.
    public func issueServerCertificate(
        commonName: String = "localhost",
        subjectAlternativeNames: [String] = ["IP:127.0.0.1", "IP:::1", "DNS:localhost"],
        brokerGroup: String? = "mosquitto", validityDays: Int = 825
    ) throws(PKIError) -> IssuedCertificate {
        try FileSystem.makeDirectory(directory + "/server", mode: 0o755)
        let issued = IssuedCertificate(
            certificateFile: directory + "/server/server.crt", keyFile: directory + "/server/server.key",
            commonName: commonName)
        try issue(
            issued, subject: OpenSSL.subject(organisationalUnit: "broker", commonName: commonName),
            extensions: [
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth",
                "subjectAltName=" + subjectAlternativeNames.joined(separator: ","),
            ], validityDays: validityDays)
        try FileSystem.setMode(issued.keyFile, 0o640)
        if let brokerGroup { FileSystem.giveGroup(issued.keyFile, brokerGroup) }
        return issued
    }

    /// Issues a client certificate for `identity` into `clients/`, its CN being ``PKIIdentity/commonName``.
    /// - Parameter keyMode: Permissions of the key file; 0600 by default (only its owner reads it).
    public func issueClientCertificate(
        for identity: PKIIdentity, validityDays: Int = 825, keyMode: mode_t = 0o600
    ) throws(PKIError) -> IssuedCertificate {
        try identity.validate()
        try FileSystem.makeDirectory(directory + "/clients", mode: 0o755)
        let stem = directory + "/clients/" + identity.fileStem
        let issued = IssuedCertificate(
            certificateFile: stem + ".crt", keyFile: stem + ".key", commonName: identity.commonName)
        try issue(
            issued, subject: OpenSSL.subject(organisationalUnit: identity.role, commonName: identity.commonName),
            extensions: [
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=clientAuth",
            ], validityDays: validityDays)
        try FileSystem.setMode(issued.keyFile, keyMode)
        return issued
    }

    /// The certificate issued earlier for `identity`, or `nil` if its files are not there.
    public func issuedCertificate(for identity: PKIIdentity) -> IssuedCertificate? {
        let stem = directory + "/clients/" + identity.fileStem
        guard access(stem + ".crt", R_OK) == 0, access(stem + ".key", F_OK) == 0 else { return nil }
        return IssuedCertificate(
            certificateFile: stem + ".crt", keyFile: stem + ".key", commonName: identity.commonName)
    }

    /// The broker certificate issued earlier, or `nil` if its files are not there.
    public var serverCertificate: IssuedCertificate? {
        let stem = directory + "/server/server"
        guard access(stem + ".crt", R_OK) == 0, access(stem + ".key", F_OK) == 0 else { return nil }
        return IssuedCertificate(certificateFile: stem + ".crt", keyFile: stem + ".key", commonName: "")
    }

    private func issue(
        _ issued: IssuedCertificate, subject: String, extensions: [String], validityDays: Int
    ) throws(PKIError) {
        let request = issued.certificateFile + ".csr"
        let extensionFile = issued.certificateFile + ".ext"
        try OpenSSL.run(
            openssl,
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", issued.keyFile, "-out", request, "-subj", subject,
            ])
        try FileSystem.write(extensions.joined(separator: "\n") + "\n", to: extensionFile, mode: 0o644)
        defer {
            unlink(request)
            unlink(extensionFile)
        }
        try OpenSSL.run(
            openssl,
            [
                "x509", "-req", "-in", request, "-CA", certificateFile, "-CAkey", keyFile,
                "-set_serial", OpenSSL.randomSerial(), "-days", String(validityDays), "-sha256",
                "-extfile", extensionFile, "-out", issued.certificateFile,
            ])
        try FileSystem.setMode(issued.certificateFile, 0o644)
    }
}
