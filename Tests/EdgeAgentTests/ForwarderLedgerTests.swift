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
        ledger.reconnected(lastSequence: 80, probeTimeout: .seconds(2))
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

    @Test func batchesPublishedBeforeTheAggregatorAnswersAreResentSooner() {
        var ledger = ForwarderLedger(firstStored: nil, lastSequence: 0)
        var now = ContinuousClock.now
        ledger.reconnected(lastSequence: 0, probeTimeout: .seconds(2))
        // Nobody answers: resent after 2 s, then 4 s, 8 s, 16 s, and never later than the ack timeout.
        for expected in [2, 4, 8, 16, 30, 30] as [Int64] {
            let batch = ledger.register([1...10])
            ledger.published(batch, at: now)
            #expect(ledger.expire(now: now + .seconds(expected) - .milliseconds(1), timeout: .seconds(30)) == 0)
            #expect(ledger.expire(now: now + .seconds(expected), timeout: .seconds(30)) == 10)
            #expect(ledger.lastExpiryWasProbe == (expected < 30))
            ledger.consumeBacklog(through: 10)
            now += .seconds(expected)
        }
        // After the next connect, a batch sent before the aggregator answered keeps the short timeout; one sent
        // after gets the full one.
        ledger.reconnected(lastSequence: 0, probeTimeout: .seconds(2))
        let early = ledger.register([11...20])
        ledger.published(early, at: now)
        ledger.acknowledged([])
        let late = ledger.register([21...30])
        ledger.published(late, at: now)
        #expect(ledger.expire(now: now + .seconds(2), timeout: .seconds(30)) == 10)
        #expect(ledger.backlog == [11...20])
        #expect(ledger.expire(now: now + .seconds(29), timeout: .seconds(30)) == 0)
        #expect(ledger.expire(now: now + .seconds(30), timeout: .seconds(30)) == 10)
        #expect(!ledger.lastExpiryWasProbe)
        // The next connect starts over at the short timeout.
        ledger.reconnected(lastSequence: 30, probeTimeout: .seconds(2))
        let next = ledger.register([31...40])
        ledger.published(next, at: now)
        #expect(ledger.expire(now: now + .seconds(2), timeout: .seconds(30)) == 10)
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
