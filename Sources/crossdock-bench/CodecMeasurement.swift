import Foundation
import WireProtocol

#if canImport(Glibc)
    import Glibc
#endif

/// Times one codec operation by the CPU time of the calling thread, which a shared, noisy machine disturbs far
/// less than wall-clock time.
struct CodecMeasurement {
    /// Each round repeats the operation until it has used at least this much CPU time.
    let minimumSeconds: Double
    /// Rounds per operation; the best round is reported.
    let rounds: Int

    /// The best events per CPU second over the rounds, for an operation that handles `events` events per call.
    func eventsPerSecond(events: Int, _ operation: () throws -> Int) throws -> Double {
        var sink = try operation()  // warm-up
        var best = 0.0
        for _ in 0..<rounds {
            var calls = 0
            let start = Self.threadCPUSeconds()
            var elapsed = 0.0
            repeat {
                sink &+= try operation()
                calls += 1
                elapsed = Self.threadCPUSeconds() - start
            } while elapsed < minimumSeconds
            best = max(best, Double(calls * events) / elapsed)
        }
        if sink == Int.min { print("") }  // keeps the results alive
        return best
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// One line of the codec table: an operation on one workload, crossdock's figure and its Foundation baseline.
struct CodecResult {
    let operation: String
    let workload: String
    let bytesPerEvent: Double
    let eventsPerSecond: Double
    let baseline: String
    let baselineEventsPerSecond: Double?

    var megabytesPerSecond: Double { eventsPerSecond * bytesPerEvent / 1_000_000 }
    var baselineMegabytesPerSecond: Double? { baselineEventsPerSecond.map { $0 * bytesPerEvent / 1_000_000 } }
}

/// Runs every operation on every workload.
struct CodecBenchmarkRun {
    let workloads: [CodecWorkload]
    let measurement: CodecMeasurement

    func run(progress: (CodecResult) -> Void) throws -> [CodecResult] {
        var results: [CodecResult] = []
        for workload in workloads {
            let count = workload.events.count
            let bytes = workload.bytes
            let envelopeOnly = CloudEventDecodingOptions(validatesData: false)
            func add(_ operation: String, _ baseline: String, _ ours: () throws -> Int, _ theirs: (() throws -> Int)?)
                throws
            {
                let result = CodecResult(
                    operation: operation, workload: "\(workload.size) \(workload.eventType.rawValue)",
                    bytesPerEvent: workload.bytesPerEvent,
                    eventsPerSecond: try measurement.eventsPerSecond(events: count, ours), baseline: baseline,
                    baselineEventsPerSecond: try theirs.map { try measurement.eventsPerSecond(events: count, $0) })
                progress(result)
                results.append(result)
            }
            try add(
                "parse", "JSONSerialization",
                {
                    guard case .array(let elements) = try JSONValue.parse(bytes, limits: .batch) else { return 0 }
                    return elements.count
                },
                { (try JSONSerialization.jsonObject(with: Data(bytes)) as? [Any])?.count ?? 0 })
            try add(
                "envelope decode", "JSONDecoder, no data",
                { try CloudEventBatch.decodeEach(bytes, options: envelopeOnly).events.count },
                { try workload.foundationDecodeEnvelope(bytes) })
            try add(
                "decode + validate data", "JSONDecoder, typed data",
                {
                    let result = try CloudEventBatch.decodeEach(bytes)
                    guard result.rejected.isEmpty else {
                        throw CodecBenchmarkError(description: "benchmark batch rejected: \(result.problems)")
                    }
                    return result.events.count
                },
                { try workload.foundationDecodeTyped(bytes) })
            try add("encode typed → bytes", "JSONEncoder", workload.crossdockEncode, workload.foundationEncode)
        }
        return results
    }
}

/// A benchmark that cannot run; the description says why.
struct CodecBenchmarkError: Error, CustomStringConvertible {
    let description: String
}
