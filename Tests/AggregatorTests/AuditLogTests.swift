import Aggregator
import CrossdockTesting
import Foundation
import Shared
import Testing

/// The audit log is append-only, and records configuration loads and changes.
struct AuditLogTests {
    @Test func theAuditLogRefusesUpdatesAndDeletes() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/events.sqlite"
            let store = try SQLiteEventStore(path: path)
            try await store.appendAudit(AuditRecord(actor: "ops", role: "operator", tenant: "acme", action: .replay, target: "job 1"))
            let database = try SQLiteConnection(path: path)
            #expect(throws: SQLiteError.self) { try database.run("UPDATE audit_log SET actor = 'someone else'") }
            #expect(throws: SQLiteError.self) { try database.run("DELETE FROM audit_log") }
            let entries = try await store.auditEntries(scope: .allTenants, limit: 10)
            #expect(entries.map(\.actor) == ["ops"])
            #expect(entries.first?.action == .replay)
            await store.close()
        }
    }

    @Test func configurationLoadsAndChangesAreAudited() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteEventStore(path: dir + "/events.sqlite")
            try await store.auditConfigurationLoad(path: "/etc/crossdock/aggregator.yaml", digest: String(repeating: "a", count: 64))
            try await store.auditConfigurationLoad(path: "/etc/crossdock/aggregator.yaml", digest: String(repeating: "a", count: 64))
            try await store.auditConfigurationLoad(path: "/etc/crossdock/aggregator.yaml", digest: String(repeating: "b", count: 64))
            let entries = try await store.auditEntries(scope: .allTenants, limit: 10)
            #expect(entries.map(\.action) == [.configurationLoad, .configurationChange, .configurationLoad, .configurationLoad])
            #expect(entries.allSatisfy { $0.actor == "system" && $0.target == "/etc/crossdock/aggregator.yaml" })
            // A tenant's admin does not see the partner's configuration entries.
            #expect(try await store.auditEntries(scope: .tenant("acme"), limit: 10).isEmpty)
            await store.close()
        }
    }
}
