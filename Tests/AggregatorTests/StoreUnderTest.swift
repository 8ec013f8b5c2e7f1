import Aggregator
import AggregatorPostgreSQL
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// The stores the contract tests run against: the embedded SQLite file and a real PostgreSQL server.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// Opens stores over one fresh database: each call is another instance (another connection) on the same data.
struct StoreOpener: Sendable {
    let kind: StoreKind
    let open: @Sendable (_ planner: any OrchestrationPlanner) async throws -> any EventStore & JobStore

    /// Opens another store over the same database.
    func callAsFunction(planner: any OrchestrationPlanner = NoOrchestration()) async throws -> any EventStore & JobStore {
        try await open(planner)
    }
}

/// Runs `body` with a fresh database of `kind`: a SQLite file in a temporary directory, or a throwaway PostgreSQL
/// server (`TestPostgres`) that is stopped and deleted afterwards.
func withFreshStore<T>(_ kind: StoreKind, _ body: (StoreOpener) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        return try await withTemporaryDirectory { dir in
            let path = dir + "/events.sqlite"
            return try await body(StoreOpener(kind: kind) { planner in try SQLiteEventStore(path: path, planner: planner) })
        }
    case .postgresql:
        return try await TestPostgres.withServer { server in
            let settings = postgreSQLSettings(of: server)
            return try await body(
                StoreOpener(kind: kind) { planner in
                    try await PostgreSQLEventStore.connect(settings: settings, planner: planner)
                })
        }
    }
}

/// Settings reaching `server` as its superuser, without TLS (loopback).
func postgreSQLSettings(of server: TestPostgres, connections: Int = 4) -> PostgreSQLStoreSettings {
    PostgreSQLStoreSettings(
        host: server.host, port: server.port, database: server.database, user: server.user,
        password: Secret(server.password, origin: "test"), tls: .disable, connections: connections)
}

/// A planner with one route: every event becomes a job for the ERP, ordered by its subject.
struct EveryEventToTheERP: OrchestrationPlanner {
    func jobs(for event: CloudEvent) -> [PlannedJob] {
        [
            PlannedJob(
                destination: "erp", action: "milestone.record", businessKey: event.subject,
                idempotencyKey: "erp " + event.idempotencyKey, payload: Array((event.subject ?? "").utf8))
        ]
    }
}
