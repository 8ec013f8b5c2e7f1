import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// The ``JobStore`` contract, on a real SQLite file and on a real PostgreSQL server: order per business key,
/// leases, retries, dead letters and replay, open breakers, and claims by two instances that never overlap.
struct JobStoreContractTests {
    let identity = TestEvents.identity(of: TestPKI.agentA)

    /// One agent batch of events `(sequence, business key)`.
    func batch(_ events: [(UInt64, String?)]) -> IngestBatch {
        IngestBatch(
            topic: identity.topic(.events).name, identity: identity, receivedAtMilliseconds: 1_000,
            events: events.map { sequence, key in
                var event = TestEvents.milestone(identity, sequence: sequence)
                event.subject = key
                return IncomingEvent(event: event)
            }, exceptions: [])
    }

    func claim(
        _ store: any JobStore, limit: Int = 10, allowance: JobDestinationAllowance = [:], lease: Duration = .seconds(30),
        working: Set<Int64> = [], at now: Date = Date()
    ) async throws -> [JobRequest] {
        try await store.claimDueJobs(
            limit: limit, allowance: allowance, lease: lease, deadLetterBlocksKey: false, working: working, now: now
        ).map(\.request)
    }

    func done(_ request: JobRequest, in store: any JobStore) async throws {
        try await store.recordAttempt(
            JobAttempt(
                jobSequence: request.jobSequence, attempt: request.attempt,
                startedAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000), durationMilliseconds: 1,
                outcome: .done, httpStatus: 200),
            retryAt: nil, responseBody: nil)
    }

    @Test(arguments: StoreKind.allCases)
    func claimsKeepTheOrderPerBusinessKeyAndNeverHandOutARunningJob(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let one = try await open(planner: EveryEventToTheERP())
            let two = try await open(planner: EveryEventToTheERP())
            _ = try await one.ingest([batch([(1, "K1"), (2, "K2"), (3, "K1"), (4, nil)])])
            let first = try await claim(one)
            #expect(first.map(\.event.sequence) == [1, 2, 4])
            #expect(first.allSatisfy { $0.attempt == 1 && $0.destination == "erp" })
            #expect(first.first?.idempotencyKey == "erp " + TestEvents.milestone(identity, sequence: 1).idempotencyKey)
            // The other instance finds nothing: K1's next job waits for the running one.
            #expect(try await claim(two).isEmpty)
            try await done(first[0], in: one)
            let next = try await claim(two)
            #expect(next.map(\.event.sequence) == [3])
            #expect(try await one.jobs(state: .done, limit: 10).map(\.jobSequence) == [first[0].jobSequence])
            #expect(try await one.jobs(state: .running, limit: 10).count == 3)
            await one.close()
            await two.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aJobWhoseLeaseRanOutIsClaimedAgainUnlessItsRunnerStillWorksOnIt(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let one = try await open(planner: EveryEventToTheERP())
            let two = try await open(planner: EveryEventToTheERP())
            _ = try await one.ingest([batch([(1, "K1"), (2, "K2")])])
            let now = Date()
            let claimed = try await claim(one, lease: .seconds(1), at: now)
            #expect(claimed.count == 2)
            // Two seconds later both leases have run out. The first instance, still working on job 1 (its call is
            // slow), extends that lease as it polls; job 2's attempt was lost, so job 2 goes back to pending and
            // the other instance claims it, with its second attempt.
            let later = now.addingTimeInterval(2)
            let extended = try await one.claimDueJobs(
                limit: 0, allowance: [:], lease: .seconds(30), deadLetterBlocksKey: false,
                working: [claimed[0].jobSequence], now: later)
            #expect(extended.isEmpty)
            let again = try await claim(two, lease: .seconds(30), at: later)
            #expect(again.map(\.event.sequence) == [2])
            #expect(try await claim(two, at: later.addingTimeInterval(5)).isEmpty, "job 1's lease was extended")
            #expect(again.first?.attempt == 2)
            let attempts = try await two.attempts(ofJob: claimed[1].jobSequence)
            #expect(attempts.map(\.outcome) == [.interrupted])
            await one.close()
            await two.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func retriesWaitTheirTurnAndDeadLettersAreReplayed(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open(planner: EveryEventToTheERP())
            _ = try await store.ingest([batch([(1, "K1"), (2, "K2")])])
            let now = Date()
            let claimed = try await claim(store, at: now)
            let retryAt = now.addingTimeInterval(60)
            try await store.recordAttempt(
                JobAttempt(
                    jobSequence: claimed[0].jobSequence, attempt: 1, startedAtMilliseconds: 0, durationMilliseconds: 5,
                    outcome: .retry, httpStatus: 503, message: "busy"),
                retryAt: retryAt, responseBody: nil)
            try await store.recordAttempt(
                JobAttempt(
                    jobSequence: claimed[1].jobSequence, attempt: 1, startedAtMilliseconds: 0, durationMilliseconds: 5,
                    outcome: .deadLetter, httpStatus: 422, message: "rejected"),
                retryAt: nil, responseBody: "{\"error\":\"bad\"}")
            #expect(try await claim(store, at: now.addingTimeInterval(1)).isEmpty)
            #expect(try await claim(store, at: retryAt).map(\.attempt) == [2])
            let dead = try await store.jobs(state: .dead, limit: 10)
            #expect(dead.map(\.responseBody) == ["{\"error\":\"bad\"}"])
            #expect(dead.map(\.lastError) == ["rejected"])
            let replayed = try await store.replayDeadLetters(.businessKey("K2"), now: now)
            #expect(replayed.map(\.state) == [.pending])
            #expect(replayed.map(\.attempts) == [0])
            #expect(try await claim(store, at: now.addingTimeInterval(1)).map(\.event.sequence) == [2])
            let attempts = try await store.attempts(ofJob: claimed[1].jobSequence)
            #expect(attempts.map(\.outcome) == [.deadLetter, .replayed])
            #expect(attempts.first?.httpStatus == 422)
            await store.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func anOpenBreakersDestinationIsNotClaimedNorCharged(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open(planner: EveryEventToTheERP())
            _ = try await store.ingest([batch([(1, "K1"), (2, "K2"), (3, "K3")])])
            #expect(try await claim(store, allowance: ["erp": 0]).isEmpty)
            #expect(try await claim(store, allowance: ["erp": 1]).count == 1)
            let pending = try await store.jobs(state: .pending, limit: 10)
            #expect(pending.map(\.attempts) == [0, 0])
            await store.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoInstancesClaimingAtOnceNeverTakeTheSameJob(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let one = try await open(planner: EveryEventToTheERP())
            let two = try await open(planner: EveryEventToTheERP())
            let total = 120
            _ = try await one.ingest([batch((1...UInt64(total)).map { ($0, "K\($0 % 10)") })])
            let claimedSequences = try await withThrowingTaskGroup(of: [UInt64].self) { group in
                for store in [one, two] {
                    group.addTask {
                        var mine: [UInt64] = []
                        // Bounded: every round either claims or finds nothing left.
                        for _ in 0..<(total * 4) {
                            let claimed = try await claim(store, limit: 3)
                            for request in claimed {
                                mine.append(request.event.sequence)
                                try await done(request, in: store)
                            }
                            if claimed.isEmpty, try await store.jobs(state: .pending, limit: 1).isEmpty { break }
                        }
                        return mine
                    }
                }
                var all: [[UInt64]] = []
                for try await mine in group { all.append(mine) }
                return all
            }
            let all = claimedSequences.flatMap { $0 }
            #expect(all.count == total)
            #expect(Set(all).count == total)
            // Every key's jobs were done in sequence order: each was claimed only after its predecessor finished.
            for claimed in claimedSequences {
                for key in 0..<10 {
                    let ofKey = claimed.filter { Int($0 % 10) == key }
                    #expect(ofKey == ofKey.sorted())
                }
            }
            #expect(try await one.jobs(state: .done, limit: 1000).count == total)
            await one.close()
            await two.close()
        }
    }
}
