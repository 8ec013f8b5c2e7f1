import Aggregator
import ArgumentParser
import Foundation
import Shared

/// `crossdock-aggregator trace KEY`: the story of an order or shipment across systems.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print every event, job and connector attempt of a business key (subject or correlation id), in order.")

    @OptionGroup var options: ConfigOption

    @Argument(help: "The business key: an order, shipment or invoice number (subject), or a correlation id.")
    var key: String

    func run() async throws {
        let configuration = try options.load()
        let store: SQLiteEventStore
        do {
            store = try SQLiteEventStore(path: configuration.storePath, durability: configuration.storeDurability)
        } catch {
            throw CommandFailure("cannot open the store \(configuration.storePath): \(error)")
        }
        let trace: BusinessKeyTrace
        do {
            trace = try await store.trace(key)
        } catch {
            await store.close()
            throw CommandFailure("trace failed: \(error)")
        }
        await store.close()
        print(TraceReport(trace).text, terminator: "")
        if trace.events.isEmpty && trace.jobs.isEmpty { throw ExitCode(1) }
    }
}

/// The text `trace` prints: one line per event, its jobs indented under it, their attempts under them.
struct TraceReport {
    let trace: BusinessKeyTrace

    init(_ trace: BusinessKeyTrace) { self.trace = trace }

    var text: String {
        guard !trace.events.isEmpty || !trace.jobs.isEmpty else {
            return "nothing stored for \(trace.key) (neither a subject nor a correlation id of any event)\n"
        }
        var lines = ["\(trace.key): \(trace.events.count) event\(trace.events.count == 1 ? "" : "s"), \(trace.jobs.count) job\(trace.jobs.count == 1 ? "" : "s")"]
        var shown: Set<Int64> = []
        for event in trace.events {
            lines.append(
                "\(Self.timestamp(event.receivedAtMilliseconds))  event \(event.type) from \(event.identity) #\(event.sequence)"
                    + "  time=\(event.time) id=\(event.id) source=\(event.source)"
                    + (event.subject.map { " subject=\($0)" } ?? "") + (event.correlationID.map { " correlation=\($0)" } ?? ""))
            for job in trace.jobs where job.eventStoreSequence == event.storeSequence {
                shown.insert(job.jobSequence)
                lines += jobLines(job)
            }
        }
        for job in trace.jobs where !shown.contains(job.jobSequence) { lines += jobLines(job) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func jobLines(_ job: StoredJob) -> [String] {
        var lines = [
            "    job \(job.jobSequence) → \(job.destination) \(job.action) [\(job.state.rawValue)] key=\(job.businessKey ?? "-") "
                + "idempotency=\(job.idempotencyKey)"
        ]
        for attempt in trace.attempts[job.jobSequence] ?? [] {
            let label = attempt.outcome == .replayed ? "replay   " : "attempt \(attempt.attempt)"
            var line = "      \(Self.timestamp(attempt.startedAtMilliseconds))  \(label)  \(attempt.outcome.rawValue)"
            if let status = attempt.httpStatus { line += "  HTTP \(status)" }
            if attempt.outcome != .replayed && attempt.outcome != .interrupted { line += "  \(attempt.durationMilliseconds) ms" }
            if let message = attempt.message { line += "  \(message.prefix(200))" }
            lines.append(line)
        }
        if job.state == .dead, let body = job.responseBody, !body.isEmpty {
            lines.append("      response body: \(body.prefix(500))")
        }
        return lines
    }

    /// `2026-12-01T12:12:00.123Z`.
    static func timestamp(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
