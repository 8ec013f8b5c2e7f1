import Shared

/// A throwaway PKI for test brokers: a CA, the broker's certificate, client certificates for a few identities,
/// and a second, unrelated CA with a client certificate of its own (for "wrong CA" tests).
public struct TestPKI: Sendable {
    /// The CA the broker trusts.
    public let authority: CertificateAuthority
    /// The broker's certificate (SAN 127.0.0.1, ::1, localhost).
    public let server: IssuedCertificate
    /// Client certificates signed by ``authority``.
    public let clients: [PKIIdentity: IssuedCertificate]
    /// A CA the broker does not trust.
    public let foreignAuthority: CertificateAuthority
    /// A certificate for agent `acme/dc1/agent-a`, signed by ``foreignAuthority``.
    public let foreignClient: IssuedCertificate

    /// The agents every test PKI has: `acme/dc1/agent-a` and `acme/dc1/agent-b`.
    public static let agentA = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "agent-a")
    /// See ``agentA``.
    public static let agentB = PKIIdentity.agent(tenant: "acme", site: "dc1", agent: "agent-b")
    /// The aggregator identity every test PKI has.
    public static let aggregator = PKIIdentity.defaultAggregator

    /// Generates a PKI under `directory` for ``agentA``, ``agentB``, ``aggregator`` and `extraIdentities`.
    public static func generate(in directory: String, extraIdentities: [PKIIdentity] = []) throws -> TestPKI {
        let authority = try CertificateAuthority.create(in: directory + "/ca", commonName: "crossdock test CA")
        let server = try authority.issueServerCertificate(brokerGroup: nil, validityDays: 2)
        var clients: [PKIIdentity: IssuedCertificate] = [:]
        for identity in [agentA, agentB, aggregator] + extraIdentities where clients[identity] == nil {
            clients[identity] = try authority.issueClientCertificate(for: identity, validityDays: 2)
        }
        let foreign = try CertificateAuthority.create(in: directory + "/foreign-ca", commonName: "some other CA")
        let foreignClient = try foreign.issueClientCertificate(for: agentA, validityDays: 2)
        return TestPKI(
            authority: authority, server: server, clients: clients, foreignAuthority: foreign,
            foreignClient: foreignClient)
    }

    /// TLS settings for a client with `identity`'s certificate (`nil`: no client certificate).
    public func tls(for identity: PKIIdentity?) -> MQTTTLSConfiguration {
        guard let identity else { return MQTTTLSConfiguration(caFile: authority.certificateFile) }
        guard let issued = clients[identity] else {
            preconditionFailure("the test PKI has no certificate for \(identity); pass it in extraIdentities")
        }
        return MQTTTLSConfiguration(
            caFile: authority.certificateFile, certificateFile: issued.certificateFile, keyFile: issued.keyFile)
    }
}
