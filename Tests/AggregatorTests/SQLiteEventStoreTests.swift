import Aggregator
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The embedded store on real SQLite files: dedup, exceptions, per-agent record, jobs in the event's transaction.
struct SQLiteEventStoreTests {
    let identity = TestEvents.identity(of: TestPKI.agentA)
    let topic = "crossdock/v1/acme/dc1/agent-a/events"

    func batch(_ sequences: ClosedRange<UInt64>, exceptions: [IngestException] = []) -> IngestBatch {
        IngestBatch(
            topic: topic, identity: identity, receivedAtMilliseconds: 1_000,
            events: sequences.map { IncomingEvent(event: TestEvents.milestone(identity, sequence: $0)) },
            exceptions: exceptions)
    }

    @Test func batchesOfOneCallShareATransactionAndDuplicatesAreAcknowledgedNotStored() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/nested/events.sqlite")
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
            await store.close()
            // Reopened, everything is still there and duplicates are still recognised.
            let reopened = try SQLiteEventStore(path: dir + "/nested/events.sqlite")
            #expect(try await reopened.ingest([batch(25...26)])[0].duplicateEvents == 1)
            #expect(try await reopened.counts().events == 26)
            await reopened.close()
        }
    }

    @Test func exceptionsAreStoredOnceWithTheirOccurrencesAndAcknowledgedAsExceptions() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
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
            #expect(stored.first?.problemsJSON == #"[{"path":"$[0].id","message":"bad"}]"#)
            #expect(try await store.agentRecord(for: identity)?.received == [1...3])
            await store.close()
        }
    }

    @Test func plannedJobsAreWrittenWithNewEventsOnly() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite", planner: EveryEventToTheERP())
            #expect(try await store.ingest([batch(1...3)])[0].jobs == 3)
            #expect(try await store.ingest([batch(2...4)])[0].jobs == 1)
            #expect(try await store.counts().jobs == 4)
            await store.close()
        }
    }

    @Test func aClosedStoreSaysSo() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            await store.close()
            await #expect(throws: EventStoreError.self) { try await store.counts() }
        }
    }
}

/// A planner with one route: every event becomes a job for the ERP.
private struct EveryEventToTheERP: OrchestrationPlanner {
    func jobs(for event: CloudEvent) -> [PlannedJob] {
        [
            PlannedJob(
                destination: "erp", action: "milestone.record", businessKey: event.subject,
                idempotencyKey: "erp " + event.idempotencyKey, payload: Array((event.subject ?? "").utf8))
        ]
    }
}
