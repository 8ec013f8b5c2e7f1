import Foundation
import Shared

/// The append-only audit log on SQLite: inserts only; the table's triggers refuse `UPDATE` and `DELETE`.
extension SQLiteEventStore {
    public func appendAudit(_ record: AuditRecord) async throws {
        let now = Self.adminNow()
        try await withDatabase { database in
            try database.write { database throws(SQLiteError) in try Self.insertAudit(record, at: now, in: database) }
        }
    }

    public func auditEntries(scope: AdminScope, limit: Int) async throws -> [AuditEntry] {
        try await withDatabase { database in
            try database.rows(
                """
                SELECT audit_seq, at_ms, actor, role, tenant, action, target, comment FROM audit_log
                WHERE ?1 IS NULL OR tenant = ?1 ORDER BY audit_seq DESC LIMIT ?2
                """, [Self.optional(scope.tenant), .integer(Int64(max(1, min(limit, 1000))))]
            ).compactMap { row in
                guard let action = AuditAction(rawValue: row[5].text ?? "") else { return nil }
                return AuditEntry(
                    id: row[0].integer ?? 0, at: Self.timestamp(row[1].integer), actor: row[2].text ?? "",
                    role: row[3].text, tenant: row[4].text, action: action, target: row[6].text ?? "",
                    comment: row[7].text)
            }
        }
    }

    /// Records that the aggregator started with the configuration at `path` whose SHA-256 is `digest`, and a
    /// `configuration.change` when the digest differs from the last load's.
    public func auditConfigurationLoad(path: String, digest: String) async throws {
        let now = Self.adminNow()
        try await withDatabase { database in
            try database.write { database throws(SQLiteError) in
                let last = try database.scalar(
                    "SELECT comment FROM audit_log WHERE action = ?1 ORDER BY audit_seq DESC LIMIT 1",
                    [.text(AuditAction.configurationLoad.rawValue)])?.text
                let comment = "sha256 \(digest)"
                if let last, last != comment {
                    try Self.insertAudit(
                        AuditRecord(
                            actor: "system", action: .configurationChange, target: path,
                            comment: "\(last.dropFirst(7).prefix(12))… → \(digest.prefix(12))…"),
                        at: now, in: database)
                }
                try Self.insertAudit(
                    AuditRecord(actor: "system", action: .configurationLoad, target: path, comment: comment), at: now,
                    in: database)
            }
        }
    }

    /// Inserts one audit row inside the caller's transaction.
    static func insertAudit(_ record: AuditRecord, at milliseconds: Int64, in database: SQLiteConnection)
        throws(SQLiteError)
    {
        try database.run(
            """
            INSERT INTO audit_log (at_ms, actor, role, tenant, action, target, comment)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """,
            [
                .integer(milliseconds), .text(record.actor), optional(record.role), optional(record.tenant),
                .text(record.action.rawValue), .text(String(record.target.prefix(1000))),
                optional(record.comment.map { String($0.prefix(4000)) }),
            ])
    }
}
