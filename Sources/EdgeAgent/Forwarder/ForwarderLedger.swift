import WireProtocol

/// The forwarder's bookkeeping, as plain values: what is live, what is backlog, which batches are in flight.
///
/// - Events after ``liveCursor`` are **live**: sent as soon as a batch fills or lingers.
/// - ``backlog`` holds sequences to send at the backlog rate: everything stored when the forwarder started,
///   everything captured while the broker was unreachable (moved there on every reconnect), and batches that
///   timed out or failed. Sequences acknowledged meanwhile are simply no longer in the outbox and are skipped.
/// - A batch is **in flight** from its publication until the aggregator acknowledges all of its sequences.
///   Its ack timer starts at the broker's PUBACK: before that, the MQTT client itself redelivers it.
struct ForwarderLedger: Sendable {
    /// A batch sent and not yet fully acknowledged.
    struct Batch: Sendable {
        /// The sequences not yet acknowledged.
        var remaining: SequenceRangeSet
        /// When the broker acknowledged the publication, if it has.
        var publishedAt: ContinuousClock.Instant?
        /// Whether it was published before the aggregator answered on this connection: it may have reached no
        /// one, and is resent after ``ForwarderLedger/probeTimeout``.
        var beforeAnswer = false
    }

    /// Live events up to this sequence have been handed to the publisher.
    private(set) var liveCursor: UInt64
    /// Sequences to send at the backlog rate.
    private(set) var backlog: SequenceRangeSet
    /// Batches in flight, by batch number.
    private(set) var batches: [UInt64: Batch] = [:]
    private var nextBatch: UInt64 = 0
    /// Whether the aggregator has acknowledged anything since the connection last opened.
    ///
    /// Until it has, it may not be subscribed yet (after a broker restart every client reconnects, in any order,
    /// and a batch published before the aggregator's subscription exists reaches no one), so batches published
    /// meanwhile are resent after ``probeTimeout`` instead of the full ack timeout.
    private(set) var aggregatorAnswered = true
    /// The ack timeout of batches published before the aggregator answered; doubles at each such expiry.
    private(set) var probeTimeout: Duration = .zero
    /// Whether the last ``expire(now:timeout:)`` resent batches after the shorter ``probeTimeout`` (once that has
    /// doubled up to the ack timeout, an expiry counts as an ordinary one).
    private(set) var lastExpiryWasProbe = false

    /// Starts with the outbox's stored events (`first...last`) as backlog.
    init(firstStored: UInt64?, lastSequence: UInt64) {
        liveCursor = lastSequence
        if let firstStored, firstStored <= lastSequence {
            backlog = [firstStored...lastSequence]
        } else {
            backlog = []
        }
    }

    /// Batches in flight.
    var inflightCount: Int { batches.count }

    /// Sequences in flight (sent and not acknowledged).
    var inflightEvents: UInt64 { batches.values.reduce(0) { $0 + $1.remaining.count } }

    /// The broker is reachable again: what was captured meanwhile becomes backlog, later events are live, and
    /// batches are resent after `probeTimeout` (doubling) until the aggregator answers.
    mutating func reconnected(lastSequence: UInt64, probeTimeout: Duration) {
        aggregatorAnswered = false
        self.probeTimeout = probeTimeout
        if lastSequence > liveCursor {
            backlog.insert((liveCursor + 1)...lastSequence)
            liveCursor = lastSequence
        }
    }

    /// Records live events up to `sequence` as handed over.
    mutating func advanceLive(to sequence: UInt64) {
        liveCursor = max(liveCursor, sequence)
    }

    /// Takes `sequences` (sent from the backlog) out of the backlog, together with any gap below their end that
    /// the outbox no longer holds (acknowledged meanwhile).
    mutating func consumeBacklog(through sequence: UInt64) {
        guard let first = backlog.first, sequence >= first else { return }
        backlog = backlog.subtracting([first...sequence])
    }

    /// The backlog's first range, if any.
    var nextBacklogRange: ClosedRange<UInt64>? { backlog.ranges.first }

    /// Registers a batch about to be published; returns its number.
    mutating func register(_ sequences: SequenceRangeSet) -> UInt64 {
        nextBatch += 1
        batches[nextBatch] = Batch(remaining: sequences, publishedAt: nil)
        return nextBatch
    }

    /// The broker acknowledged batch `number` (PUBACK): its ack timer starts.
    mutating func published(_ number: UInt64, at instant: ContinuousClock.Instant) {
        batches[number]?.publishedAt = instant
        batches[number]?.beforeAnswer = !aggregatorAnswered
    }

    /// Publishing batch `number` failed: its unacknowledged sequences go back to the backlog.
    mutating func publishFailed(_ number: UInt64) {
        guard let batch = batches.removeValue(forKey: number) else { return }
        backlog.formUnion(batch.remaining)
    }

    /// Applies an aggregator ack; returns how many batches it completed.
    @discardableResult
    mutating func acknowledged(_ stored: SequenceRangeSet) -> Int {
        aggregatorAnswered = true
        var completed = 0
        for (number, batch) in batches {
            let remaining = batch.remaining.subtracting(stored)
            if remaining.isEmpty {
                batches.removeValue(forKey: number)
                completed += 1
            } else if remaining != batch.remaining {
                batches[number]?.remaining = remaining
            }
        }
        return completed
    }

    /// Batches whose ack did not come within `timeout` of their PUBACK — or within ``probeTimeout`` for those
    /// published before the aggregator answered on this connection — go back to the backlog; returns how many
    /// events that concerns. Each expiry of the second kind doubles ``probeTimeout``, up to `timeout`.
    mutating func expire(now: ContinuousClock.Instant, timeout: Duration) -> UInt64 {
        var resent: UInt64 = 0
        var probed = false
        for (number, batch) in batches {
            guard let publishedAt = batch.publishedAt else { continue }
            let limit = batch.beforeAnswer ? min(timeout, probeTimeout) : timeout
            guard now - publishedAt >= limit else { continue }
            batches.removeValue(forKey: number)
            backlog.formUnion(batch.remaining)
            resent += batch.remaining.count
            probed = probed || limit < timeout
        }
        if probed { probeTimeout = min(timeout, probeTimeout * 2) }
        lastExpiryWasProbe = probed
        return resent
    }
}
