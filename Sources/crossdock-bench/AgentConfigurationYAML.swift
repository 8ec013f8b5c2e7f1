import CrossdockTesting
import Shared

/// The configuration file of a benchmark's `crossdock-agent`: its identity and certificate on the benchmark's
/// TLS broker, its outbox, forwarder settings, and any further top-level sections (such as `sources`).
struct AgentConfigurationYAML {
    let broker: TestBroker
    let certificate: PKIIdentity
    let outbox: String
    /// The `forwarder` section, in YAML flow style.
    var forwarder = "{batch_events: 1000, backlog_rate: 0}"
    /// The `broker.reconnect` section, in YAML flow style; `nil` for the defaults.
    var reconnect: String?
    /// Further top-level sections, in YAML block style.
    var extra = ""

    func render() throws -> String {
        guard let pki = broker.pki, let files = pki.clients[certificate] else {
            throw BenchmarkError("the benchmark broker has no certificate for \(certificate)")
        }
        guard case .agent(let tenant, let site, let agent) = certificate else {
            throw BenchmarkError("\(certificate) is not an agent's certificate")
        }
        return """
            identity: {tenant: \(tenant), site: \(site), agent: \(agent)}
            broker:
              host: \(broker.host)
              port: \(broker.port)
            \(reconnect.map { "  reconnect: \($0)\n" } ?? "")\
              tls: {ca_file: \(pki.authority.certificateFile), cert_file: \(files.certificateFile), key_file: \(files.keyFile)}
            outbox: {path: \(outbox), quota: 64GiB}
            forwarder: \(forwarder)
            metrics: {listen: "off"}
            log: {level: warning}

            """ + extra
    }
}
