import ArgumentParser
import CrossdockTesting
import Logging
import Shared

/// `crossdock-bench mqtt`: QoS 1 messages per second end to end through a TLS mosquitto, crossdock's client
/// against `mosquitto_pub`/`mosquitto_sub`.
struct MQTTBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mqtt",
        abstract: "QoS 1 msg/s end to end over TLS: crossdock client vs mosquitto_pub --repeat → mosquitto_sub.",
        discussion: """
            Starts a mosquitto with TLS, client certificates and the crossdock ACL on a free loopback port, then \
            sends the same number of messages of the same size, publisher → broker → subscriber, twice: with \
            crossdock's pipelined publisher and subscriber, and with mosquitto_pub -q 1 -M <inflight> --repeat N → \
            mosquitto_sub -q 1 -C N. Each run ends by itself within --timeout seconds.
            """
    )

    @Option(help: "Messages per run.")
    var messages = 100_000

    @Option(help: "Payload size in bytes.")
    var payloadBytes = 300

    @Option(help: "Unacknowledged messages the crossdock publisher keeps in flight.")
    var window = 500

    @Option(help: "mosquitto_pub's maximum of messages in flight (-M).")
    var mosquittoInflight = 1000

    @Option(help: "Seconds after which a run gives up.")
    var timeout = 120

    @Option(help: "Runs of each client, alternating; the table reports the median and the best.")
    var rounds = 3

    func validate() throws {
        guard messages > 0, payloadBytes > 0, window > 0, mosquittoInflight > 0, timeout > 0, rounds > 0 else {
            throw ValidationError(
                "--messages, --payload-bytes, --window, --mosquitto-inflight, --timeout and --rounds must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "crossdock.bench")
        logger.logLevel = .warning
        let parameters = MQTTBenchmarkParameters(
            messages: messages, payloadBytes: payloadBytes, window: window, mosquittoInflight: mosquittoInflight,
            timeout: .seconds(timeout))
        let rounds = self.rounds
        let (crossdock, baseline) = try await TestBroker.withBroker(
            .tls, logTypes: ["error", "warning", "notice", "information"], logger: logger
        ) { broker in
            print(
                "crossdock-bench mqtt: QoS 1, \(messages) messages of \(payloadBytes) bytes, publisher → mosquitto "
                    + "\(MosquittoVersion.broker()) over TLS with client certificates (127.0.0.1:\(broker.port)) → "
                    + "subscriber; \(rounds) alternating rounds")
            var crossdock: [MQTTBenchmarkResult] = []
            var baseline: [MQTTBenchmarkResult] = []
            for round in 1...rounds {
                let ours = try await CrossdockClientRun(parameters: parameters, broker: broker, logger: logger).run()
                print("round \(round): \(ours.summary)")
                crossdock.append(ours)
                let theirs = try await MosquittoClientsRun(parameters: parameters, broker: broker).run()
                print("round \(round): \(theirs.summary)")
                baseline.append(theirs)
            }
            return (crossdock, baseline)
        }
        let rows = [BenchmarkRow(runs: crossdock), BenchmarkRow(runs: baseline)]
        print("")
        print(BenchmarkTable(rows: rows).render())
        if let ours = rows[0].medianRate, let theirs = rows[1].medianRate, theirs > 0 {
            print("")
            print("crossdock / mosquitto_pub (median msg/s): \(Format.decimal(ours / theirs, digits: 2))×")
        }
        print(
            "client CPU: user + system seconds of the publishing and subscribing clients per message (the broker "
                + "not included); the crossdock clients share one process.")
        if rows.contains(where: { $0.medianRate == nil }) {
            throw ExitCode(1)
        }
    }
}

/// What one benchmark run sends.
struct MQTTBenchmarkParameters: Sendable {
    let messages: Int
    let payloadBytes: Int
    let window: Int
    let mosquittoInflight: Int
    let timeout: Duration
    let topic = "crossdock/v1/acme/dc1/agent-a/events"

    var payload: [UInt8] {
        Array(String(repeating: "crossdock-", count: payloadBytes / 10 + 1).utf8.prefix(payloadBytes))
    }
}

/// The outcome of one run.
struct MQTTBenchmarkResult: Sendable {
    let name: String
    let received: Int
    let expected: Int
    let seconds: Double
    /// User + system CPU seconds of the clients (not the broker), if known.
    let cpuSeconds: Double?
    let note: String

    var completed: Bool { received == expected }
    var rate: Double { seconds > 0 ? Double(received) / seconds : 0 }
    var cpuMicrosecondsPerMessage: Double? { cpuSeconds.map { $0 * 1e6 / Double(max(1, received)) } }

    var summary: String {
        let outcome = completed ? "\(Format.grouped(Int(rate.rounded()))) msg/s" : "\(received)/\(expected) (\(note))"
        return "\(name): \(outcome) in \(Format.decimal(seconds, digits: 2)) s"
    }
}
