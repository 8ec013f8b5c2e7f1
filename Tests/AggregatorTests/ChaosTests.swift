import CrossdockChaos
import Testing

/// The short whole-system fault-injection run (`make chaos` runs the full one): real TLS broker, aggregator and
/// agent processes, the stand-in TMS; agent and aggregator kill -9, a broker restart, a 10 s outage that fills the
/// agents' outbox quota, 503s and timeouts from the TMS.
struct ChaosTests {
    @Test func shortScheduleLosesNothingAndAppliesNoSideEffectTwice() async throws {
        let schedule = ChaosSchedule(.short, seed: UInt64.random(in: 1...999_999))
        let outcome = try await ChaosRun.run(schedule) { print($0) }
        for line in outcome.lines { print(line) }
        #expect(outcome.tally.produced > 0)
        #expect(outcome.tally.lost == 0, "lost: \(outcome.lines.joined(separator: "\n"))")
        #expect(outcome.tally.duplicatedSideEffects.isEmpty, "duplicated: \(outcome.tally.duplicatedSideEffects.prefix(20))")
        #expect(outcome.tally.storedTwice.isEmpty, "stored twice: \(outcome.tally.storedTwice.prefix(20))")
        #expect(outcome.quotaPauses > 0, "the outage backlog never reached the outbox quota")
        #expect(outcome.findings.isEmpty, "\(outcome.findings)")
    }
}
