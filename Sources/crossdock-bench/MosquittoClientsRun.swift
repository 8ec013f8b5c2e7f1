import CrossdockTesting
import Shared

#if canImport(Glibc)
    import Glibc
#endif

/// One run of the baseline: `mosquitto_pub -q 1 -M <inflight> --repeat N` → `mosquitto_sub -q 1 -C N -W <timeout>`,
/// with the same certificates, topic and payload as the crossdock run.
struct MosquittoClientsRun {
    let parameters: MQTTBenchmarkParameters
    let broker: TestBroker

    func run() async throws -> MQTTBenchmarkResult {
        guard let pki = broker.pki, let aggregator = pki.clients[TestPKI.aggregator],
            let agent = pki.clients[TestPKI.agentA]
        else { throw BenchmarkError("the benchmark broker has no PKI") }
        let connection = [
            "-h", broker.host, "-p", String(broker.port), "-V", "mqttv5", "--cafile", pki.authority.certificateFile,
        ]
        let subscriberID = "bench-sub-\(getpid())"
        let timeoutSeconds = Int(parameters.timeout.components.seconds)
        let subscriber = try ChildProcess.spawn(
            executable: "mosquitto_sub",
            arguments: connection + [
                "--cert", aggregator.certificateFile, "--key", aggregator.keyFile, "-i", subscriberID,
                "-q", "1", "-C", String(parameters.messages), "-W", String(timeoutSeconds), "-t", parameters.topic,
            ])
        defer {
            subscriber.send(SIGKILL)
            _ = subscriber.waitForExit()
        }
        // Wait until the broker reports the subscriber connected, then give its SUBSCRIBE a moment.
        var connected = false
        for _ in 0..<500 {
            if broker.logText().contains("as \(subscriberID) ") {
                connected = true
                break
            }
            if subscriber.exitStatusIfExited() != nil { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard connected else {
            throw BenchmarkError("mosquitto_sub did not connect within 5 s; broker log:\n\(broker.logText())")
        }
        try await Task.sleep(for: .milliseconds(300))

        let payload = String(decoding: parameters.payload, as: UTF8.self)
        let clock = ContinuousClock()
        let start = clock.now
        let publisher = try ChildProcess.spawn(
            executable: "mosquitto_pub",
            arguments: connection + [
                "--cert", agent.certificateFile, "--key", agent.keyFile, "-i", "bench-pub-\(getpid())",
                "-q", "1", "-M", String(parameters.mosquittoInflight), "--repeat", String(parameters.messages),
                "-t", parameters.topic, "-m", payload,
            ])
        defer {
            publisher.send(SIGKILL)
            _ = publisher.waitForExit()
        }
        var subscriberStatus: Int32?
        let deadline = start + parameters.timeout + .seconds(5)
        while clock.now < deadline {
            if let status = subscriber.exitStatusIfExited() {
                subscriberStatus = status
                break
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        let elapsed = clock.now - start
        // The publisher finishes with (or just after) the last acknowledgement; let it exit to read its CPU time.
        var publisherStatus = publisher.exitStatusIfExited()
        for _ in 0..<500 where publisherStatus == nil && subscriberStatus != nil {
            try await Task.sleep(for: .milliseconds(10))
            publisherStatus = publisher.exitStatusIfExited()
        }
        let cpu = subscriber.cpuSeconds.flatMap { sub in publisher.cpuSeconds.map { sub + $0 } }
        let completed = subscriberStatus == 0
        var note = ""
        if !completed {
            note = subscriberStatus.map { "mosquitto_sub exited with status \($0) (27: timed out)" } ?? "timed out"
        } else if let publisherStatus, publisherStatus != 0 {
            note = "mosquitto_pub exited with status \(publisherStatus)"
        }
        return MQTTBenchmarkResult(
            name: "mosquitto_pub -q 1 -M \(parameters.mosquittoInflight) --repeat → mosquitto_sub -q 1 -C",
            received: completed ? parameters.messages : 0, expected: parameters.messages,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            cpuSeconds: cpu, note: note)
    }
}

/// A failure setting a benchmark up.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The broker's version, from `mosquitto -h`.
enum MosquittoVersion {
    static func broker() -> String {
        guard let output = try? ChildProcess.run(executable: "mosquitto", arguments: ["-h"]).output,
            let line = output.split(separator: "\n").first(where: { $0.contains("version") })
        else { return "(unknown version)" }
        return line.split(separator: " ").last.map(String.init) ?? "(unknown version)"
    }
}
