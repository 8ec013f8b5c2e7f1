import ArgumentParser

/// Benchmarks that measure crossdock's building blocks against their baselines, in one run each.
@main
struct CrossdockBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossdock-bench",
        abstract: "Benchmarks of crossdock's building blocks, each with its baseline measured in the same run.",
        subcommands: [
            MQTTBenchmark.self, IngestBenchmark.self, CodecBenchmark.self, AgentBenchmark.self, E2EBenchmark.self,
        ]
    )
}
