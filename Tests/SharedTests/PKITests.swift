import Testing

@testable import Shared

#if canImport(Glibc)
    import Glibc
#endif

/// Certificate generation with openssl.
@Suite struct PKITests {
    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/crossdock-pki-test-XXXXXX".utf8CString)
        let path = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) })
        return String(cString: path)
    }

    static func openssl(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(executable: "openssl", arguments: arguments)
        #expect(result.status == 0, "openssl \(arguments) failed: \(result.output)")
        return result.output
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func authorityIssuesServerAndClientCertificatesThatVerify() throws {
        let directory = try Self.temporaryDirectory()
        defer { _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory]) }
        let authority = try CertificateAuthority.create(in: directory + "/ca")
        let server = try authority.issueServerCertificate()
        let agent = try authority.issueClientCertificate(for: .agent(tenant: "acme", site: "dc1", agent: "agent-a"))
        let aggregator = try authority.issueClientCertificate(for: .defaultAggregator)

        for issued in [server, agent, aggregator] {
            let verdict = try Self.openssl(["verify", "-CAfile", authority.certificateFile, issued.certificateFile])
            #expect(verdict.contains(": OK"))
        }
        let agentSubject = try Self.openssl([
            "x509", "-in", agent.certificateFile, "-noout", "-subject", "-nameopt", "RFC2253",
        ])
        #expect(agentSubject.contains("CN=acme/dc1/agent-a"))
        #expect(agentSubject.contains("OU=agent"))
        #expect(agent.commonName == "acme/dc1/agent-a")
        let serverText = try Self.openssl([
            "x509", "-in", server.certificateFile, "-noout", "-ext", "subjectAltName,extendedKeyUsage",
        ])
        #expect(serverText.contains("IP Address:127.0.0.1"))
        #expect(serverText.contains("IP Address:0:0:0:0:0:0:0:1"))
        #expect(serverText.contains("DNS:localhost"))
        #expect(serverText.contains("TLS Web Server Authentication"))

        #expect(Self.mode(authority.keyFile) == 0o600)
        #expect(Self.mode(server.keyFile) == 0o640)
        #expect(Self.mode(agent.keyFile) == 0o600)
        #expect(Self.mode(directory + "/ca") == 0o755)
        // Reopening works; creating over an existing authority does not.
        #expect(throws: Never.self) { try CertificateAuthority(directory: directory + "/ca") }
        let error = #expect(throws: PKIError.self) { try CertificateAuthority.create(in: directory + "/ca") }
        #expect(error?.code == .authority)
    }

    @Test(arguments: [
        PKIIdentity.agent(tenant: "acme/evil", site: "dc1", agent: "a"),
        .agent(tenant: "acme", site: "+", agent: "a"),
        .agent(tenant: "acme", site: "dc1", agent: "#"),
        .agent(tenant: "", site: "dc1", agent: "a"),
        .agent(tenant: "acme", site: "dc 1", agent: "a"),
        .agent(tenant: String(repeating: "x", count: 65), site: "dc1", agent: "a"),
        .aggregator(name: "agg/1"),
        .aggregator(name: "-rf"),
    ])
    func invalidIdentitiesAreRejected(identity: PKIIdentity) {
        let error = #expect(throws: PKIError.self) { try identity.validate() }
        #expect(error?.code == .invalidIdentity)
    }

    @Test func identitiesEncodeTheirRoleAndSubtree() throws {
        let agent = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "agent-a")
        try agent.validate()
        #expect(agent.commonName == "acme/dc1/agent-a")
        #expect(agent.role == "agent")
        #expect(PKIIdentity.defaultAggregator.commonName == "crossdock-aggregator")
        #expect(!PKIIdentity.defaultAggregator.commonName.contains("/"))
    }

    @Test func revokingAnAgentPutsItsSerialOnTheSignedListAndLeavesOthersValid() throws {
        let directory = try Self.temporaryDirectory()
        defer { _ = try? ChildProcess.run(executable: "rm", arguments: ["-rf", directory]) }
        let authority = try CertificateAuthority.create(in: directory + "/ca")
        #expect(try authority.revokedSerials().isEmpty)
        #expect(Self.mode(authority.crlFile) == 0o644)
        let lost = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "lost-host")
        let kept = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "agent-a")
        let lostCertificate = try authority.issueClientCertificate(for: lost)
        let keptCertificate = try authority.issueClientCertificate(for: kept)

        let serial = try authority.revokeClientCertificate(for: lost)
        #expect(try authority.revokedSerials() == [serial.uppercased()])
        // Revoking again is harmless and does not list it twice.
        try authority.revokeClientCertificate(for: lost)
        #expect(try authority.revokedSerials() == [serial.uppercased()])

        // openssl, checking against the list, refuses the revoked certificate and accepts the other.
        let chain = directory + "/chain.pem"
        let joined = (FileSystem.read(authority.certificateFile) ?? "") + (FileSystem.read(authority.crlFile) ?? "")
        try FileSystem.write(joined, to: chain)
        let revoked = try ChildProcess.run(
            executable: "openssl", arguments: ["verify", "-crl_check", "-CAfile", chain, lostCertificate.certificateFile])
        #expect(revoked.status != 0)
        #expect(revoked.output.contains("revoked"))
        #expect(try Self.openssl(["verify", "-crl_check", "-CAfile", chain, keptCertificate.certificateFile]).contains(": OK"))

        let missing = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "never-issued")
        let error = #expect(throws: PKIError.self) { try authority.revokeClientCertificate(for: missing) }
        #expect(error?.message.contains("acme/dc1/never-issued") == true)
    }
}
