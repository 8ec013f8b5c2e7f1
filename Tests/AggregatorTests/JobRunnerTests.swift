import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The job runner against a real SQLite store and a local HTTP server standing in for the TMS.
struct JobRunnerTests {
    static let fastJobs =
        "{concurrency: 4, poll_interval: 20ms, retry: {initial_backoff: 10ms, max_backoff: 50ms, max_attempts: 50}, circuit_breaker: {failures: 1000}}"

    @Test func theSameEventDeliveredFiveTimesIsStoredOnceAndSentOnce() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer()
            let orchestration = try await RunningOrchestration(dir: dir, yaml: milestoneRoutes(url: server.url, jobs: Self.fastJobs))
            let event = milestones(subject: "SH-1", sequences: [1])
            var newEvents = 0
            for _ in 1...5 { newEvents += try await orchestration.deliver(event).newEvents }
            try await orchestration.waitUntilSettled(jobs: 1)
            #expect(newEvents == 1)
            let counts = try await orchestration.store.counts()
            #expect(counts.events == 1)
            #expect(counts.jobs == 1)
            #expect(server.calls.count == 1)
            let call = try #require(server.calls.first)
            #expect(call.path == "/shipments/SH-1/milestones")
            #expect(call.idempotencyKey == JobIdempotencyKey.make(source: event[0].source, id: event[0].id, route: "milestones-to-tms"))
            let body = try JSONValue.parse(call.body)
            #expect(body["seq"] == 1)
            #expect(body["status"] == "X6")
            #expect(body["tenant"] == "acme")
            await orchestration.stop()
            await server.stop()
        }
    }

    /// The destination fails with 500 for a while: every job is retried until it succeeds, none is lost, and the
    /// calls of each business key arrive in the order of their events (failed attempts included).
    @Test func serverErrorsAreRetriedWithNothingLostAndOrderKeptPerKey() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer { index, _ in index < 12 ? (500, "{\"error\":\"database locked\"}") : (200, "{}") }
            let orchestration = try await RunningOrchestration(dir: dir, yaml: milestoneRoutes(url: server.url, jobs: Self.fastJobs))
            // Two business keys, interleaved in one batch and a second one.
            let first = milestones(subject: "SH-A", sequences: [1, 3, 5]) + milestones(subject: "SH-B", sequences: [2, 4, 6])
            try await orchestration.deliver(first.sorted { $0.sequence < $1.sequence })
            try await orchestration.deliver(milestones(subject: "SH-A", sequences: [7]) + milestones(subject: "SH-B", sequences: [8]))
            try await orchestration.waitUntilSettled(jobs: 8)

            let jobs = try await orchestration.store.jobs()
            #expect(jobs.allSatisfy { $0.state == .done })
            #expect(Set(server.accepted.compactMap(\.idempotencyKey)).count == 8)
            #expect(server.accepted.count == 8)
            for (key, expected) in [("SH-A", [1, 3, 5, 7]), ("SH-B", [2, 4, 6, 8])] {
                let arrivals = server.calls.filter { $0.path.contains("/\(key)/") }.compactMap(sequenceNumber(of:))
                #expect(arrivals == arrivals.sorted(), "calls of \(key) out of order: \(arrivals)")
                #expect(server.accepted.filter { $0.path.contains("/\(key)/") }.compactMap(sequenceNumber(of:)) == expected)
            }
            // The failures were recorded as retries with their status, and a retried job has several attempts.
            var retries = 0
            for job in jobs {
                let attempts = try await orchestration.store.attempts(ofJob: job.jobSequence)
                #expect(attempts.last?.outcome == .done)
                #expect(attempts.count == job.attempts)
                retries += attempts.filter { $0.outcome == .retry && $0.httpStatus == 500 }.count
            }
            #expect(retries == 12)
            await orchestration.stop()
            await server.stop()
        }
    }

    /// The ERP answers 500 for a whole minute, then recovers: every job is retried with backoff (a handful of
    /// attempts each, not one per poll), the circuit breaker holds calls back meanwhile, nothing is lost, each job
    /// succeeds once, and the calls of each business key arrive in event order.
    @Test func aMinuteOfServerErrorsIsRiddenOutWithBackoffAndNothingLost() async throws {
        try await withTemporaryDirectory { dir in
            let recovery = ContinuousClock.now + .seconds(60)
            let server = try await StandInServer { _, _ in
                ContinuousClock.now < recovery ? (500, "{\"error\":\"ERP unavailable\"}") : (200, "{}")
            }
            let jobs =
                "{concurrency: 4, poll_interval: 50ms, retry: {initial_backoff: 500ms, max_backoff: 8s, max_attempts: 100}, "
                + "circuit_breaker: {failures: 5, cool_down: 5s}}"
            let orchestration = try await RunningOrchestration(dir: dir, yaml: milestoneRoutes(url: server.url, jobs: jobs))
            let events = milestones(subject: "SO-A", sequences: [1, 3, 5]) + milestones(subject: "SO-B", sequences: [2, 4, 6])
            try await orchestration.deliver(events.sorted { $0.sequence < $1.sequence })
            let settled = try await eventually(within: .seconds(180)) {
                let stored = try await orchestration.store.jobs()
                return stored.count == 6 && stored.allSatisfy { $0.state == .done || $0.state == .dead }
            }
            let stored = try await orchestration.store.jobs()
            #expect(settled, "jobs: \(stored)")
            #expect(stored.allSatisfy { $0.state == .done })
            #expect(server.accepted.count == 6)
            #expect(Set(server.accepted.compactMap(\.idempotencyKey)).count == 6)
            #expect(server.calls.count > 6, "the outage was seen")
            for job in stored {
                // Exponential backoff capped at 8 s over a minute, with the breaker holding calls back: a few
                // attempts, where retrying at every 50 ms poll would have made over a thousand.
                #expect(job.attempts < 40, "job \(job.jobSequence) was attempted \(job.attempts) times")
            }
            for (key, expected) in [("SO-A", [1, 3, 5]), ("SO-B", [2, 4, 6])] {
                let arrivals = server.calls.filter { $0.path.contains("/\(key)/") }.compactMap(sequenceNumber(of:))
                #expect(arrivals == arrivals.sorted(), "calls of \(key) out of order: \(arrivals)")
                #expect(server.accepted.filter { $0.path.contains("/\(key)/") }.compactMap(sequenceNumber(of:)) == expected)
            }
            await orchestration.stop()
            await server.stop()
        }
    }

    /// A 4xx is a dead letter with the response body; `crossdock-aggregator replay` makes it pending again and it
    /// is sent exactly once more; `trace` tells the story.
    @Test func clientErrorIsADeadLetterAndReplaySendsItOnceMore() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer { _, _ in (422, "{\"error\":\"unknown shipment SH-9\"}") }
            let orchestration = try await RunningOrchestration(dir: dir, yaml: milestoneRoutes(url: server.url, jobs: Self.fastJobs))
            try await orchestration.deliver(milestones(subject: "SH-9", sequences: [9]))
            try await orchestration.waitUntilSettled(jobs: 1)
            let dead = try #require(try await orchestration.store.jobs().first)
            #expect(dead.state == .dead)
            #expect(dead.responseBody?.contains("unknown shipment SH-9") == true)
            #expect(dead.lastError?.hasPrefix("HTTP 422") == true)
            #expect(server.calls.count == 1)

            server.answer { _, _ in (201, "{}") }
            let replay = try await runAggregator(["replay", "--config", "\(dir)/aggregator.yaml", "--job", "\(dead.jobSequence)"], dir: dir)
            #expect(replay.status == 0)
            #expect(replay.output.contains("replayed job \(dead.jobSequence) → tms"), "\(replay.output)")
            let done = try await eventually(within: .seconds(60)) {
                try await orchestration.store.jobs().first?.state == .done
            }
            #expect(done)
            #expect(server.calls.count == 2)
            #expect(Set(server.calls.map(\.idempotencyKey)) == [dead.idempotencyKey])

            // Nothing left to replay: a second replay changes nothing.
            let again = try await runAggregator(["replay", "--config", "\(dir)/aggregator.yaml", "--business-key", "SH-9"], dir: dir)
            #expect(again.output.contains("nothing replayed"))

            let trace = try await runAggregator(["trace", "--config", "\(dir)/aggregator.yaml", "SH-9"], dir: dir)
            #expect(trace.status == 0)
            let lines = trace.output.split(separator: "\n").map(String.init)
            #expect(lines.first == "SH-9: 1 event, 1 job")
            #expect(lines.contains { $0.contains("event com.crossdock.shipment.milestone.v1 from acme/dc1/agent-a #9") })
            let outcomes = lines.compactMap { line in ["dead_letter  HTTP 422", "replayed", "done  HTTP 201"].first { line.contains($0) } }
            #expect(outcomes == ["dead_letter  HTTP 422", "replayed", "done  HTTP 201"], "\(trace.output)")
            await orchestration.stop()
            await server.stop()
        }
    }

    /// Failures open the destination's breaker; after the cool-down exactly one probe goes; while open nothing is
    /// attempted (and no job is charged an attempt); a successful probe closes it.
    @Test func circuitBreakerOpensThenLetsOneProbeThrough() async throws {
        try await withTemporaryDirectory { dir in
            let server = try await StandInServer { _, _ in (503, "{}") }
            let jobs = "{concurrency: 1, poll_interval: 20ms, retry: {initial_backoff: 1ms, max_backoff: 2ms, max_attempts: 100}, circuit_breaker: {failures: 3, cool_down: 2s}}"
            let orchestration = try await RunningOrchestration(dir: dir, yaml: milestoneRoutes(url: server.url, jobs: jobs))
            try await orchestration.deliver((1...4).flatMap { milestones(subject: "SH-\($0)", sequences: [UInt64($0)]) })

            // Three failures open it; the first probe fails and opens it again: by then exactly 3 + 1 calls.
            let openedTwice = await eventually(within: .seconds(60)) { (orchestration.runner.breaker(of: "tms")?.openings ?? 0) >= 2 }
            #expect(openedTwice)
            #expect(orchestration.runner.breaker(of: "tms")?.state == "open")
            #expect(server.calls.count == 4)
            let attemptsWhileOpen = try await orchestration.store.jobs().map(\.attempts).reduce(0, +)
            #expect(attemptsWhileOpen == 4)

            server.answer { _, _ in (200, "{}") }
            try await orchestration.waitUntilSettled(jobs: 4)
            #expect(orchestration.runner.breaker(of: "tms")?.state == "closed")
            #expect(try await orchestration.store.jobs().allSatisfy { $0.state == .done })
            #expect(try await orchestration.store.jobs().map(\.attempts).reduce(0, +) == server.calls.count)
            await orchestration.stop()
            await server.stop()
        }
    }
}

/// Runs `crossdock-aggregator` with `arguments` to completion; returns its exit status and output.
func runAggregator(_ arguments: [String], dir: String) async throws -> (status: Int32, output: String) {
    let output = "\(dir)/command-\(UInt32.random(in: 0...UInt32.max)).out"
    let process = try ChildProcess.spawn(
        executable: try ProductExecutable.path("crossdock-aggregator"), arguments: arguments, outputFile: output)
    let status = try await waitForExit(process, within: .seconds(60))
    return (status, (try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
}
