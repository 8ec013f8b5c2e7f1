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
            crossdock's pipelined publisher and subscriber, and with mosquitto_pub -q 1 -M <window> --repeat N → \
            mosquitto_sub -q 1 -C N. Each run ends by itself within --timeout seconds.
            """
    )

    @Option(help: "Messages per run.")
    var messages = 100_000

    @Option(help: "Payload size in bytes.")
    var payloadBytes = 300

    @Option(help: "Unacknowledged messages in flight (crossdock window and mosquitto_pub -M).")
    var window = 1000

    @Option(help: "Seconds after which a run gives up.")
    var timeout = 120

    func validate() throws {
        guard messages > 0, payloadBytes > 0, window > 0, timeout > 0 else {
            throw ValidationError("--messages, --payload-bytes, --window and --timeout must be positive")
        }
    }

    func run() async throws {
        var logger = Logger(label: "crossdock.bench")
        logger.logLevel = .warning
        let parameters = MQTTBenchmarkParameters(
            messages: messages, payloadBytes: payloadBytes, window: window, timeout: .seconds(timeout))
        let results = try await TestBroker.withBroker(
            .tls, logTypes: ["error", "warning", "notice", "information"], logger: logger
        ) { broker in
            print(
                "crossdock-bench mqtt: QoS 1, \(messages) messages of \(payloadBytes) bytes, publisher → mosquitto "
                    + "\(MosquittoVersion.broker()) over TLS with client certificates (127.0.0.1:\(broker.port)) → "
                    + "subscriber")
            print("running crossdock client …")
            let crossdock = try await CrossdockClientRun(parameters: parameters, broker: broker, logger: logger).run()
            print("running mosquitto_pub → mosquitto_sub …")
            let baseline = try await MosquittoClientsRun(parameters: parameters, broker: broker).run()
            return [crossdock, baseline]
        }
        print("")
        print(BenchmarkTable(results: results).render())
        if let ratio = results[0].ratio(to: results[1]) {
            print("")
            print("crossdock / mosquitto_pub: \(Format.decimal(ratio, digits: 2))×")
        }
        if results.contains(where: { !$0.completed }) {
            throw ExitCode(1)
        }
    }
}

/// What one benchmark run sends.
struct MQTTBenchmarkParameters: Sendable {
    let messages: Int
    let payloadBytes: Int
    let window: Int
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
    let note: String

    var completed: Bool { received == expected }
    var rate: Double { seconds > 0 ? Double(received) / seconds : 0 }

    func ratio(to other: MQTTBenchmarkResult) -> Double? {
        guard completed, other.completed, other.rate > 0 else { return nil }
        return rate / other.rate
    }
}
