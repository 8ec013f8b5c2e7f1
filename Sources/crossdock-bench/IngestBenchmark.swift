import ArgumentParser
import CrossdockTesting
import Logging
import Shared
import WireProtocol

/// `crossdock-bench ingest`: events per second through the aggregator's ingest (decode, validate, dedup, store in
/// SQLite, acknowledge) from agents publishing batches over TLS, next to the broker alone carrying the same messages.
struct IngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Ingest events/s (dedup + store + ack) over TLS with 1 and 4 agents, next to the raw broker baseline.",
        discussion: """
            Starts a mosquitto with TLS, client certificates and the crossdock ACL on a free loopback port. For 1 and \
            for 4 agent identities, it publishes the same events (valid tracking milestones of about 600 bytes, in \
            batches) twice: once to a plain subscriber that only counts messages (the broker baseline: publish → \
            subscribe, nothing stored), once to the aggregator's ingest service with a fresh SQLite store \
            (synchronous FULL), timed until every agent has received acks covering every sequence number. Events are \
            encoded before the clock starts. With --store postgresql or both, the ingest also (or only) runs on a \
            fresh database of a local PostgreSQL server started for the run with fsync on (the PostgreSQL store, \
            one connection pool, loopback without TLS).
            """)

    @Option(help: "Events per run, split evenly between the agents.")
    var events = 200_000

    @Option(help: "Events per batch (MQTT message).")
    var batchSize = 100

    @Option(help: "Batches each agent keeps unacknowledged by the broker.")
    var window = 100

    @Option(help: "Agent counts to run, comma-separated.")
    var agents = "1,4"

    @Option(help: "store.synchronous for the ingest runs: full or normal.")
    var synchronous = "full"

    @Option(help: "Stores for the ingest runs: sqlite, postgresql (a local server, fsync on), or both.")
    var store = "sqlite"

    @Option(help: "Seconds after which a run gives up.")
    var timeout = 180

    func validate() throws {
        guard events > 0, batchSize > 0, window > 0, timeout > 0 else {
            throw ValidationError("--events, --batch-size, --window and --timeout must be positive")
        }
        guard !agentCounts.isEmpty, agentCounts.allSatisfy({ (1...IngestRun.identities.count).contains($0) }) else {
            throw ValidationError("--agents lists agent counts from 1 to \(IngestRun.identities.count), e.g. 1,4")
        }
        guard ["full", "normal"].contains(synchronous) else { throw ValidationError("--synchronous is full or normal") }
        guard ["sqlite", "postgresql", "both"].contains(store) else {
            throw ValidationError("--store is sqlite, postgresql or both")
        }
    }

    private var agentCounts: [Int] { agents.split(separator: ",").compactMap { Int($0) } }

    func run() async throws {
        var logger = Logger(label: "crossdock.bench")
        logger.logLevel = .warning
        let results = try await TestBroker.withBroker(
            .tls, extraIdentities: Array(IngestRun.identities.dropFirst(2)),
            logTypes: ["error", "warning", "notice", "information"], logger: logger
        ) { broker in
            print(
                "crossdock-bench ingest: \(events) events per run in batches of \(batchSize), QoS 1, mosquitto "
                    + "\(MosquittoVersion.broker()) over TLS with client certificates (127.0.0.1:\(broker.port)), "
                    + "SQLite synchronous \(synchronous.uppercased())")
            var results: [IngestRunResult] = []
            for count in agentCounts {
                let run = IngestRun(
                    broker: broker, agentCount: count, events: events, batchSize: batchSize, window: window,
                    durability: synchronous == "full" ? .full : .normal, timeout: .seconds(timeout), logger: logger)
                print("\(count) agent\(count == 1 ? "" : "s"): encoding …")
                let prepared = run.prepare()
                print("\(count) agent\(count == 1 ? "" : "s"): broker baseline …")
                results.append(try await run.baseline(prepared))
                if store != "postgresql" {
                    print("\(count) agent\(count == 1 ? "" : "s"): ingest (SQLite) …")
                    results.append(try await run.ingest(prepared))
                }
                if store != "sqlite" {
                    print("\(count) agent\(count == 1 ? "" : "s"): ingest (PostgreSQL) …")
                    results.append(
                        try await TestPostgres.withServer(durable: true) { postgres in
                            var onPostgres = run
                            onPostgres.postgres = postgres
                            return try await onPostgres.ingest(prepared)
                        })
                }
            }
            return results
        }
        print("")
        print(IngestRunResult.table(results))
        print("")
        print(
            "CPU s: user + system time of the benchmark process (the agents' MQTT clients, plus the counting "
                + "subscriber or the ingest); the broker runs in its own process.")
        if results.contains(where: { !$0.completed }) { throw ExitCode(1) }
    }
}

/// The outcome of one run.
struct IngestRunResult: Sendable {
    let name: String
    let agents: Int
    let events: Int
    let batches: Int
    let seconds: Double
    /// CPU time of the benchmark process during the run (agents' clients plus subscriber or ingest).
    let cpuSeconds: Double
    let completed: Bool
    let note: String

    var rate: Double { seconds > 0 ? Double(events) / seconds : 0 }

    static func table(_ results: [IngestRunResult]) -> String {
        let header = ["run", "agents", "events", "batches", "seconds", "events/s", "CPU s", "CPU µs/event", "note"]
        let rows = results.map { result in
            [
                result.name, "\(result.agents)", Format.grouped(result.events), Format.grouped(result.batches),
                Format.decimal(result.seconds, digits: 2),
                result.completed ? Format.grouped(Int(result.rate.rounded())) : "–",
                Format.decimal(result.cpuSeconds, digits: 2),
                Format.decimal(result.cpuSeconds * 1e6 / Double(max(1, result.events)), digits: 1), result.note,
            ]
        }
        return MarkdownTable(header: header, rows: rows, rightAligned: Set(header.indices).subtracting([0, 8])).render()
    }
}
