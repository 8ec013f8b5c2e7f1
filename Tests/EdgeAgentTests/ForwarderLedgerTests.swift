@testable import EdgeAgent
import Testing
import WireProtocol

/// The forwarder's bookkeeping as pure logic.
struct ForwarderLedgerTests {
    @Test(arguments: [
        (SequenceRangeSet([1...10]), SequenceRangeSet([3...4, 8...20]), SequenceRangeSet([1...2, 5...7])),
        (SequenceRangeSet([1...10, 20...30]), SequenceRangeSet([1...30]), SequenceRangeSet()),
        (SequenceRangeSet([5...5]), SequenceRangeSet([6...9]), SequenceRangeSet([5...5])),
        (SequenceRangeSet([1...100]), SequenceRangeSet([1...1, 100...100]), SequenceRangeSet([2...99])),
    ])
    func subtracting(set: SequenceRangeSet, other: SequenceRangeSet, expected: SequenceRangeSet) {
        #expect(set.subtracting(other) == expected)
    }

    @Test func storedEventsStartAsBacklogAndReconnectsMoveTheOutageThere() {
        var ledger = ForwarderLedger(firstStored: 5, lastSequence: 40)
        #expect(ledger.backlog == [5...40])
        #expect(ledger.liveCursor == 40)
        ledger.advanceLive(to: 50)
        // Broker gone from 50 on; back when 80 is the last sequence.
        ledger.reconnected(lastSequence: 80)
        #expect(ledger.backlog == [5...40, 51...80])
        #expect(ledger.liveCursor == 80)
        ledger.consumeBacklog(through: 45)
        #expect(ledger.backlog == [51...80])
    }

    @Test func batchesCompleteOnAcksAndGoBackToTheBacklogOnTimeoutOrFailure() {
        var ledger = ForwarderLedger(firstStored: nil, lastSequence: 0)
        let clock = ContinuousClock.now
        let a = ledger.register([1...10])
        let b = ledger.register([11...20])
        let c = ledger.register([21...30])
        ledger.published(a, at: clock)
        ledger.published(b, at: clock)
        #expect(ledger.acknowledged([1...10, 11...15]) == 1)
        #expect(ledger.inflightCount == 2)
        // b (published, half acknowledged) times out; c has no PUBACK yet, so its timer has not started.
        #expect(ledger.expire(now: clock + .seconds(31), timeout: .seconds(30)) == 5)
        #expect(ledger.backlog == [16...20])
        ledger.publishFailed(c)
        #expect(ledger.backlog == [16...30])
        #expect(ledger.inflightCount == 0)
    }

    @Test func theRateLimiterPacesTheBacklog() {
        let start = ContinuousClock.now
        var limiter = BacklogRateLimiter(rate: 1_000, now: start)
        #expect(limiter.available(now: start) == 1_000)
        limiter.spend(1_000)
        #expect(limiter.available(now: start) == 0)
        #expect(limiter.available(now: start + .milliseconds(500)) == 500)
        #expect(BacklogRateLimiter(rate: 0).delay(for: 10) == .zero)
    }
}
