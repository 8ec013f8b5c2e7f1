import ArgumentParser
import Shared

/// `crossdock-aggregator pki`: creates the certificate authority, agent and aggregator certificates, and the
/// broker configuration that confines each agent to its own topics.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create the CA, agent and aggregator certificates, and the broker's TLS configuration and ACL.",
        subcommands: [Init.self, IssueAgent.self, IssueAggregator.self, RevokeAgent.self, BrokerConfig.self])

    /// `pki init`: a new CA plus the broker's server certificate.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a certificate authority and the broker's server certificate.")

        @Option(help: "Directory of the PKI (created; must not hold a CA yet).") var dir: String
        @Option(help: "Names the broker is reached by, as IP:… or DNS:… (repeatable).")
        var san: [String] = ["IP:127.0.0.1", "IP:::1", "DNS:localhost"]

        func run() throws {
            let authority = try CertificateAuthority.create(in: dir)
            let server = try authority.issueServerCertificate(subjectAlternativeNames: san)
            print("""
                created CA      \(authority.certificateFile)
                broker cert     \(server.certificateFile)
                broker key      \(server.keyFile)
                keep \(authority.keyFile) offline or at least private: it signs every identity.
                """)
        }
    }

    /// `pki issue-agent`: a client certificate for one agent.
    struct IssueAgent: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue an agent's client certificate (CN tenant/site/agent).")

        @Option(help: "Directory of the PKI.") var dir: String
        @Option(help: "Tenant identifier.") var tenant: String
        @Option(help: "Site identifier.") var site: String
        @Option(help: "Agent identifier.") var agent: String

        func run() throws {
            let authority = try CertificateAuthority(directory: dir)
            let issued = try authority.issueClientCertificate(for: .agent(tenant: tenant, site: site, agent: agent))
            print("""
                issued agent certificate for \(issued.commonName)
                copy to the site: \(authority.certificateFile) (broker.tls.ca_file), \(issued.certificateFile) (broker.tls.cert_file), \(issued.keyFile) (broker.tls.key_file)
                """)
        }
    }

    /// `pki issue-aggregator`: a client certificate with the aggregator role.
    struct IssueAggregator: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue the aggregator's client certificate.")

        @Option(help: "Directory of the PKI.") var dir: String
        @Option(help: "The aggregator's name (its certificate CN and broker user).") var name = PKIIdentity.defaultAggregator.commonName

        func run() throws {
            let authority = try CertificateAuthority(directory: dir)
            let issued = try authority.issueClientCertificate(for: .aggregator(name: name))
            print("issued aggregator certificate \(issued.certificateFile) and key \(issued.keyFile)")
        }
    }

    /// `pki revoke-agent`: puts an agent's certificate on the revocation list the broker checks.
    struct RevokeAgent: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-agent",
            abstract: "Revoke an agent's certificate (a lost or retired host) and re-sign the revocation list.")

        @Option(help: "Directory of the PKI.") var dir: String
        @Option(help: "Tenant identifier.") var tenant: String
        @Option(help: "Site identifier.") var site: String
        @Option(help: "Agent identifier.") var agent: String

        func run() throws {
            let authority = try CertificateAuthority(directory: dir)
            let identity = PKIIdentity.agent(tenant: tenant, site: site, agent: agent)
            let serial = try authority.revokeClientCertificate(for: identity)
            print("""
                revoked \(identity.commonName) (serial \(serial)); revocation list \(authority.crlFile)
                restart the broker to apply it (systemctl restart crossdock-broker): mosquitto reads the list at start
                """)
        }
    }

    /// `pki broker-config`: mosquitto.conf + ACL for a TLS listener using this PKI.
    struct BrokerConfig: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "broker-config",
            abstract: "Write mosquitto.conf and the ACL for a TLS listener that requires certificates of this PKI.")

        @Option(help: "Directory of the PKI.") var dir: String
        @Option(help: "Directory to write mosquitto.conf and acl into.") var out: String
        @Option(help: "Listener address.") var bind = "127.0.0.1"
        @Option(help: "Listener port.") var port = 8883
        @Option(help: "Aggregator names allowed the aggregator role (repeatable).") var aggregator: [String] = [PKIIdentity.defaultAggregator.commonName]
        @Option(help: "Directory for the broker's persistence file (omit for none).") var persistence: String?

        func run() throws {
            let authority = try CertificateAuthority(directory: dir)
            try authority.generateRevocationList()
            try FileSystem.makeDirectory(out, mode: 0o755)
            let aclFile = out + "/acl"
            try BrokerACL(aggregators: aggregator).write(to: aclFile)
            let configuration = BrokerConfiguration(
                bindAddress: bind, port: port,
                tls: .init(
                    caFile: authority.certificateFile, certificateFile: dir + "/server/server.crt",
                    keyFile: dir + "/server/server.key", crlFile: authority.crlFile),
                aclFile: aclFile, persistence: persistence.map { .directory($0) } ?? .none)
            try configuration.write(to: out + "/mosquitto.conf")
            print("wrote \(out)/mosquitto.conf and \(aclFile); start the broker with: mosquitto -c \(out)/mosquitto.conf")
        }
    }
}
