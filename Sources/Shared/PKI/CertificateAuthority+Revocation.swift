#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Revoking certificates and publishing the certificate revocation list (CRL) the broker checks.
///
/// The authority keeps openssl's CA database in `private/` (`index.txt`, `crlnumber`, `ca.cnf`) and the signed
/// list in ``crlFile`` (`crl.pem`, mode 0644). The list is valid for ten years, so a broker never starts refusing
/// every client because the list went stale; it is re-signed at each revocation. mosquitto reads it when it
/// starts: restart the broker after a revocation (a reload does not re-read it reliably).
extension CertificateAuthority {
    /// The certificate revocation list (PEM), for the broker's `crlfile`.
    public var crlFile: String { directory + "/crl.pem" }

    /// How long a signed list stays valid, in days.
    static let revocationListValidityDays = 3650

    /// Revokes the certificate issued for `identity` and re-signs the list; returns the revoked serial (hex).
    ///
    /// - Throws: ``PKIError`` when no certificate was issued for `identity` here, or openssl fails.
    @discardableResult
    public func revokeClientCertificate(for identity: PKIIdentity) throws(PKIError) -> String {
        guard let issued = issuedCertificate(for: identity) else {
            throw PKIError(
                .authority,
                "no certificate for \(identity.commonName) in \(directory)/clients; nothing to revoke (check the identity)")
        }
        return try revoke(certificateFile: issued.certificateFile)
    }

    /// Revokes the certificate in `certificateFile` (issued by this authority) and re-signs the list; returns the
    /// revoked serial (hex). Revoking a certificate twice is not an error.
    @discardableResult
    public func revoke(certificateFile: String) throws(PKIError) -> String {
        try prepareDatabase()
        let serial = try OpenSSL.output(openssl, ["x509", "-noout", "-serial", "-in", certificateFile])
            .trimmingSpaces().replacingPrefix("serial=")
        let outcome: (status: Int32, output: String)
        do {
            outcome = try ChildProcess.run(
                executable: openssl,
                arguments: ["ca", "-config", databaseConfigurationFile, "-revoke", certificateFile,
                            "-crl_reason", "cessationOfOperation"])
        } catch {
            throw PKIError(.opensslFailed, "\(error); install openssl (apt-get install openssl)")
        }
        guard outcome.status == 0 || outcome.output.lowercased().contains("already revoked") else {
            throw PKIError(
                .opensslFailed,
                "openssl ca -revoke \(certificateFile) failed with status \(outcome.status): "
                    + outcome.output.trimmingSpaces())
        }
        try generateRevocationList()
        return serial
    }

    /// Signs the revocation list anew into ``crlFile`` (an empty list when nothing is revoked).
    public func generateRevocationList() throws(PKIError) {
        try prepareDatabase()
        try OpenSSL.run(openssl, ["ca", "-config", databaseConfigurationFile, "-gencrl", "-out", crlFile])
        try FileSystem.setMode(crlFile, 0o644)
    }

    /// Serial numbers (hex, upper case) on the current list; empty when there is no list yet.
    public func revokedSerials() throws(PKIError) -> [String] {
        guard access(crlFile, R_OK) == 0 else { return [] }
        let text = try OpenSSL.output(openssl, ["crl", "-in", crlFile, "-noout", "-text"])
        return text.split(separator: "\n").compactMap { line in
            let trimmed = String(line).trimmingSpaces()
            guard trimmed.hasPrefix("Serial Number:") else { return nil }
            return String(trimmed.dropFirst("Serial Number:".count)).trimmingSpaces().uppercased()
        }
    }

    private var databaseConfigurationFile: String { directory + "/private/ca.cnf" }

    /// Creates openssl's CA database files on first use (authorities created before revocation support too).
    private func prepareDatabase() throws(PKIError) {
        let index = directory + "/private/index.txt"
        if access(index, F_OK) != 0 { try FileSystem.write("", to: index, mode: 0o600) }
        let number = directory + "/private/crlnumber"
        if access(number, F_OK) != 0 { try FileSystem.write("01\n", to: number, mode: 0o600) }
        try FileSystem.write(
            """
            [ ca ]
            default_ca = crossdock

            [ crossdock ]
            database = \(index)
            crlnumber = \(number)
            certificate = \(certificateFile)
            private_key = \(keyFile)
            default_md = sha256
            default_crl_days = \(Self.revocationListValidityDays)

            """, to: databaseConfigurationFile, mode: 0o600)
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}
