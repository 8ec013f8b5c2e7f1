import Aggregator
import AggregatorPostgreSQL
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// What only the PostgreSQL store does: hold jobs until their agent's earlier events are stored, migrate once when
/// instances start together, and its configuration with the parts `check-config` refuses next to it.
struct PostgreSQLStoreTests {
    let identity = TestEvents.identity(of: TestPKI.agentA)

    func batch(_ sequences: ClosedRange<UInt64>) -> IngestBatch {
        IngestBatch(
            topic: identity.topic(.events).name, identity: identity, receivedAtMilliseconds: 1_000,
            events: sequences.map { sequence in
                var event = TestEvents.milestone(identity, sequence: sequence)
                event.subject = "K"
                return IncomingEvent(event: event)
            }, exceptions: [])
    }

    @Test func jobsWaitUntilTheirAgentsEarlierEventsAreStoredThenRunInSequenceOrder() async throws {
        try await TestPostgres.withServer { server in
            // Instances connecting at once: one migrates, the others find the schema in place.
            let stores = try await withThrowingTaskGroup(of: PostgreSQLEventStore.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await PostgreSQLEventStore.connect(
                            settings: postgreSQLSettings(of: server), planner: EveryEventToTheERP())
                    }
                }
                var stores: [PostgreSQLEventStore] = []
                for try await store in group { stores.append(store) }
                return stores
            }
            #expect(try server.psql("SELECT count(*) FROM crossdock_schema") == "1")
            let store = stores[0]
            // Batch 3…4 is committed first (another instance had 1…2): its jobs are held.
            #expect(try await store.ingest([batch(3...4)])[0].jobs == 2)
            let held = try await store.claimDueJobs(
                limit: 10, allowance: [:], lease: .seconds(30), deadLetterBlocksKey: false, working: [], now: Date())
            #expect(held.isEmpty)
            _ = try await stores[1].ingest([batch(1...2)])
            var order: [UInt64] = []
            for _ in 0..<8 {
                let claimed = try await store.claimDueJobs(
                    limit: 10, allowance: [:], lease: .seconds(30), deadLetterBlocksKey: false, working: [], now: Date())
                #expect(claimed.count <= 1, "one job of the key at a time")
                for job in claimed {
                    order.append(job.request.event.sequence)
                    try await store.recordAttempt(
                        JobAttempt(
                            jobSequence: job.request.jobSequence, attempt: 1, startedAtMilliseconds: 0,
                            durationMilliseconds: 1, outcome: .done),
                        retryAt: nil, responseBody: nil)
                }
            }
            #expect(order == [1, 2, 3, 4])
            for store in stores { await store.close() }
        }
    }

    @Test func anUnreachableServerIsReportedWithWhatToCheck() async throws {
        let settings = PostgreSQLStoreSettings(
            host: "127.0.0.1", port: try TestBroker.freePort(), database: "crossdock", user: "crossdock", password: nil,
            tls: .disable)
        let error = await #expect(throws: PostgreSQLStoreError.self) {
            try await PostgreSQLEventStore.connect(settings: settings, timeout: .seconds(3))
        }
        #expect(error?.description.contains("check store.postgresql") == true)
    }

    @Test func theConfigurationNamesTheDatabaseAndRefusesWhatRunsOnSQLiteOnly() throws {
        let good = try ConfigurationDocument.parse(
            yaml: """
                broker: {tls: {enabled: false}}
                subscription: {shared_group: ingest}
                store: {postgresql: {host: db.internal, database: crossdock, user: aggregator, tls: require}}
                """, path: "aggregator.yaml")
        let configuration = try good.decode(AggregatorConfiguration.init(reader:))
        let settings = try #require(configuration.postgreSQL)
        #expect(settings.port == 5432)
        #expect(settings.tls == .require)
        #expect(configuration.summary.contains("postgresql://aggregator@db.internal:5432/crossdock"))

        let refused = try ConfigurationDocument.parse(
            yaml: """
                broker: {tls: {enabled: false}}
                store: {postgresql: {host: db.internal, database: crossdock, user: aggregator, password: secret}}
                http: {listen: "127.0.0.1:8080"}
                order_to_cash: {}
                """, path: "aggregator.yaml")
        let error = try #require(throws: ConfigurationError.self) {
            try refused.decode(AggregatorConfiguration.init(reader:))
        }
        #expect(error.description.contains("secrets are not written into the file"))
        #expect(error.description.contains("not available with store.postgresql: the HTTP API"))
        #expect(error.description.contains("the order-to-cash projection is kept in SQLite"))
    }
}
