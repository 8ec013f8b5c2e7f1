import Aggregator
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The ``EventStore`` contract, on a real SQLite file and on a real PostgreSQL server: dedup (also between two
/// instances), exceptions, per-agent record, jobs in the event's transaction, central numbering, closing.
struct EventStoreContractTests {
    let identity = TestEvents.identity(of: TestPKI.agentA)
    let topic = "crossdock/v1/acme/dc1/agent-a/events"

    func batch(_ sequences: ClosedRange<UInt64>, exceptions: [IngestException] = []) -> IngestBatch {
        IngestBatch(
            topic: topic, identity: identity, receivedAtMilliseconds: 1_000,
            events: sequences.map { IncomingEvent(event: TestEvents.milestone(identity, sequence: $0)) },
            exceptions: exceptions)
    }

    @Test(arguments: StoreKind.allCases)
    func batchesOfOneCallShareATransactionAndDuplicatesAreAcknowledgedNotStored(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open()
            let first = try await store.ingest([batch(1...10), batch(11...20)])
            #expect(first.map(\.stored) == [[1...10], [11...20]])
            #expect(first.map(\.newEvents) == [10, 10])
            let again = try await store.ingest([batch(5...25)])
            #expect(again[0].stored == [5...25])
            #expect(again[0].newEvents == 5)
            #expect(again[0].duplicateEvents == 16)
            #expect(try await store.counts().events == 25)
            let record = try #require(try await store.agentRecord(for: identity))
            #expect(record.received == [1...25])
            #expect(record.events == 25)
            #expect(record.duplicates == 16)
            let seventh = TestEvents.milestone(identity, sequence: 7)
            let stored = try #require(try await store.event(source: seventh.source, id: seventh.id))
            #expect(stored.sequence == 7)
            #expect(try stored.decoded().subject == "SH-7")
            await store.close()
            // Reopened, everything is still there and duplicates are still recognised.
            let reopened = try await open()
            #expect(try await reopened.ingest([batch(25...26)])[0].duplicateEvents == 1)
            #expect(try await reopened.counts().events == 26)
            await reopened.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func twoInstancesStoringTheSameEventsAtOnceStoreEachOnce(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let one = try await open(planner: EveryEventToTheERP())
            let two = try await open(planner: EveryEventToTheERP())
            // Both instances receive overlapping redeliveries of the same agent's batches, concurrently.
            let receipts = try await withThrowingTaskGroup(of: [IngestReceipt].self) { group in
                for round in 0..<8 {
                    let store = round.isMultiple(of: 2) ? one : two
                    let low = UInt64(round * 25 + 1)
                    let batches = [batch(low...(low + 49))]
                    group.addTask { try await store.ingest(batches) }
                }
                var all: [IngestReceipt] = []
                for try await receipts in group { all += receipts }
                return all
            }
            #expect(receipts.reduce(0) { $0 + $1.newEvents } == 225)
            #expect(receipts.reduce(0) { $0 + $1.jobs } == 225)
            #expect(try await one.counts() == EventStoreCounts(events: 225, exceptions: 0, jobs: 225))
            let record = try #require(try await two.agentRecord(for: identity))
            #expect(record.received == [1...225])
            #expect(record.events == 225)
            #expect(record.events + record.duplicates == 400)
            await one.close()
            await two.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func exceptionsAreStoredOnceWithTheirOccurrencesAndAcknowledgedAsExceptions(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open()
            let invalid = IngestException(
                reason: .invalidEvent,
                problems: [ValidationProblem(path: JSONPath.root.appending(0).appending("id"), message: "bad")],
                sequence: 3, source: "/s", eventID: "x", type: nil, raw: Array("{}".utf8), rawSize: 2,
                dedupKey: "event 3")
            let receipt = try await store.ingest([batch(1...2, exceptions: [invalid])])[0]
            #expect(receipt.stored == [1...3])
            #expect(receipt.exceptions == [3...3])
            #expect(receipt.ackMessage()?.exceptions == [3...3])
            let repeated = try await store.ingest([batch(1...2, exceptions: [invalid])])[0]
            #expect(repeated.newExceptions == 0)
            #expect(repeated.repeatedExceptions == 1)
            let stored = try await store.exceptions(limit: 5)
            #expect(stored.count == 1)
            #expect(stored.first?.occurrences == 2)
            #expect(stored.first?.identity == identity)
            #expect(stored.first?.raw == Array("{}".utf8))
            #expect(stored.first?.problemsJSON == #"[{"path":"$[0].id","message":"bad"}]"#)
            #expect(try await store.agentRecord(for: identity)?.received == [1...3])
            await store.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func plannedJobsAreWrittenWithNewEventsOnly(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open(planner: EveryEventToTheERP())
            #expect(try await store.ingest([batch(1...3)])[0].jobs == 3)
            #expect(try await store.ingest([batch(2...4)])[0].jobs == 1)
            #expect(try await store.counts().jobs == 4)
            let jobs = try await store.jobs(state: nil, limit: 10)
            #expect(jobs.map(\.businessKey) == ["SH-1", "SH-2", "SH-3", "SH-4"])
            #expect(jobs.allSatisfy { $0.state == .pending && $0.attempts == 0 })
            await store.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func centralEventsAreNumberedPerOriginAndDeduplicated(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open()
            let origin = try AgentIdentity(tenant: "acme", site: "central", agent: "erp")
            let events = (1...3).map { TestEvents.milestone(origin, sequence: 0, id: "erp-\($0)") }
            let first = try await store.appendCentral(events)
            let sequences: [UInt64] = first.compactMap { if case .stored(let sequence, _) = $0 { sequence } else { nil } }
            #expect(sequences == [1, 2, 3])
            let again = try await store.appendCentral([events[1], TestEvents.milestone(origin, sequence: 0, id: "erp-4")])
            guard case .duplicate = again[0], case .stored(sequence: 4, _) = again[1] else {
                Issue.record("expected a duplicate and sequence 4, got \(again)")
                return
            }
            #expect(try await store.agentRecord(for: origin)?.received == [1...4])
            await store.close()
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aClosedStoreSaysSo(kind: StoreKind) async throws {
        try await withFreshStore(kind) { open in
            let store = try await open()
            await store.close()
            await #expect(throws: EventStoreError.self) { try await store.counts() }
        }
    }
}
