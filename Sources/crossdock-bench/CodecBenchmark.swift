import ArgumentParser

/// `crossdock-bench codec`: events/s and MB/s of the wire codec (parse, envelope decode, decode with typed `data`
/// validation, encode) against Foundation's `JSONSerialization`, `JSONDecoder` and `JSONEncoder` on the same bytes.
struct CodecBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codec",
        abstract: "Wire codec events/s and MB/s vs Foundation's JSONSerialization, JSONDecoder and JSONEncoder.",
        discussion: """
            Builds batches of events from the documented examples (small: inventory adjustment, medium: order, \
            large: shipment and advance ship notice), then times, per CPU second of one thread: parsing the batch \
            into JSON values, decoding the envelopes, decoding with typed validation of data, and encoding typed \
            payloads into batch bytes; each next to Foundation reading or writing the same events into the same \
            Codable types. Each figure is the best of --rounds rounds of at least --seconds CPU seconds.
            """
    )

    @Option(help: "Events per batch.")
    var batch = 500

    @Option(help: "Minimum CPU seconds of each round.")
    var seconds = 0.3

    @Option(help: "Rounds per figure; the best is reported.")
    var rounds = 3

    @Option(help: "The directory of the documented example events.")
    var examples = CodecBenchmark.defaultExamples

    /// `docs/examples` of the source tree this program was built from.
    static var defaultExamples: String {
        let file = #filePath
        let sources = file.split(separator: "/", omittingEmptySubsequences: false).dropLast(3)
        return sources.joined(separator: "/") + "/docs/examples"
    }

    func validate() throws {
        guard batch > 0, seconds > 0, rounds > 0 else {
            throw ValidationError("--batch, --seconds and --rounds must be positive")
        }
    }

    func run() throws {
        let workloads = try CodecWorkload.all(examples: examples, count: batch)
        print(
            "crossdock-bench codec: batches of \(batch) events from \(examples); events/s per CPU second of one "
                + "thread, best of \(rounds) rounds of ≥ \(Format.decimal(seconds, digits: 1)) s")
        let measurement = CodecMeasurement(minimumSeconds: seconds, rounds: rounds)
        let run = CodecBenchmarkRun(workloads: workloads, measurement: measurement)
        let results = try run.run { result in
            print("  \(result.operation), \(result.workload): \(Format.grouped(Int(result.eventsPerSecond))) events/s")
        }
        print("")
        print(CodecBenchmarkTable(results: results).render())
        print("")
        print(
            "MB/s counts the batch's compact JSON bytes. parse: bytes → JSON values; envelope decode: "
                + "CloudEventBatch.decodeEach without data validation; decode + validate data: with the typed "
                + "payload decoded and its rules checked; encode: typed payloads → CloudEvents → batch bytes.")
    }
}
