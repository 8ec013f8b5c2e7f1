import Foundation
import CrossdockTesting
import Shared
import Testing

struct SQLiteConnectionTests {
    @Test func opensInWALModeWithForeignKeys() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            #expect(try db.scalar("PRAGMA journal_mode")?.text == "wal")
            #expect(try db.scalar("PRAGMA foreign_keys")?.integer == 1)
            #expect(try db.scalar("PRAGMA synchronous")?.integer == 2)  // FULL
        }
    }

    @Test func bindsAndReadsEveryValueKind() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e)")
            let values: [SQLiteValue] = [.integer(Int64.max), .real(1.5), .text("zoë ✓"), .blob([0, 1, 255]), .null]
            try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", values)
            let row = try #require(try db.rows("SELECT a, b, c, d, e FROM t").first)
            #expect(row.values == values)
        }
    }

    @Test func textIsBoundWithItsExactBytes() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (n INTEGER, c TEXT)")
            let long = String(repeating: "lot 42, ", count: 300)
            let texts = ["", "a", "small ascii", "zoë ✓ 日本", long, "before\u{0}after", String(long.dropFirst(3))]
            for (n, text) in texts.enumerated() {
                try db.run("INSERT INTO t VALUES (?, ?)", [.integer(Int64(n)), .text(text)])
            }
            let rows = try db.rows("SELECT c, length(CAST(c AS BLOB)) FROM t ORDER BY n")
            #expect(rows.map { $0[0].text } == texts)
            #expect(rows.map { $0[1].integer } == texts.map { Int64($0.utf8.count) })
            #expect(try db.scalar("SELECT count(*) FROM t WHERE c = ?", [.text("zoë ✓ 日本")])?.integer == 1)
        }
    }

    @Test func transactionCommitsOrRollsBackAsAWhole() async throws {
        struct Boom: Error {}
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            try db.write { db throws(SQLiteError) in
                for n in 1...1_000 { try db.run("INSERT INTO t VALUES (?)", [.integer(Int64(n))]) }
            }
            #expect(throws: SQLiteTransactionError<Boom>.self) {
                try db.transaction { db throws(Boom) in
                    try? db.run("INSERT INTO t VALUES (5000)")
                    throw Boom()
                }
            }
            #expect(try db.scalar("SELECT count(*) FROM t")?.integer == 1_000)
            #expect(db.isInTransaction == false)
        }
    }

    @Test func constraintViolationIsTypedAndNamesTheStatement() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
            try db.run("INSERT INTO t VALUES (1)")
            let error = try #require(throws: SQLiteError.self) { try db.run("INSERT INTO t VALUES (1)") }
            #expect(error.code == .constraint)
            #expect(error.description.contains("INSERT INTO t VALUES (1)"))
            #expect(error.description.contains("\(dir)/a.sqlite"))
        }
    }

    @Test func missingDirectoryGivesCannotOpenWithAdvice() throws {
        let error = try #require(throws: SQLiteError.self) {
            _ = try SQLiteConnection(path: "/nonexistent-crossdock-dir/x/a.sqlite")
        }
        #expect(error.code == .cannotOpen)
        #expect(error.description.contains("writable"))
    }

    @Test func migrationsRunOnceInOrderAndRefuseNewerSchemas() async throws {
        try await withTemporaryDirectory { dir in
            let path = "\(dir)/a.sqlite"
            let migrator = SQLiteMigrator([
                SQLiteMigration(version: 2, name: "index", sql: "CREATE INDEX t_n ON t(n)"),
                SQLiteMigration(version: 1, name: "table", sql: "CREATE TABLE t (n INTEGER)"),
            ])
            let db = try SQLiteConnection(path: path)
            #expect(try migrator.migrate(db) == [1, 2])
            #expect(try migrator.migrate(db) == [])
            try db.execute("PRAGMA user_version = 7")
            #expect(throws: SQLiteMigrator.MigrationError.self) { try migrator.migrate(db) }
        }
    }

    @Test func aFailingMigrationLeavesTheSchemaVersionUnchanged() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            let migrator = SQLiteMigrator([
                SQLiteMigration(version: 1, name: "ok", sql: "CREATE TABLE t (n INTEGER)"),
                SQLiteMigration(version: 2, name: "broken", sql: "CREATE TABLE u (n INTEGER); SELECT * FROM missing"),
            ])
            #expect(throws: SQLiteError.self) { try migrator.migrate(db) }
            #expect(try db.scalar("PRAGMA user_version")?.integer == 1)
            #expect(try db.rows("SELECT name FROM sqlite_master WHERE name = 'u'").isEmpty)
        }
    }

    @Test func secondConnectionReadsWhileFirstWrites() async throws {
        try await withTemporaryDirectory { dir in
            let path = "\(dir)/a.sqlite"
            let writer = try SQLiteConnection(path: path)
            try writer.execute("CREATE TABLE t (n INTEGER)")
            try writer.run("INSERT INTO t VALUES (1)")
            try writer.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (2);")
            let reader = try SQLiteConnection(path: path, options: .init(readOnly: true))
            #expect(try reader.scalar("SELECT count(*) FROM t")?.integer == 1)
            try writer.execute("COMMIT")
            #expect(try reader.scalar("SELECT count(*) FROM t")?.integer == 2)
        }
    }

    @Test func integrityCheckFindsNothingOnASoundFileAndReportsAGarbageFile() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (n INTEGER)")
            #expect(try db.integrityCheck().isEmpty)
            try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: "\(dir)/garbage.sqlite"))
            let error = try #require(throws: SQLiteError.self) {
                let garbage = try SQLiteConnection(path: "\(dir)/garbage.sqlite")
                _ = try garbage.integrityCheck()
            }
            #expect(error.code == .corrupt)
        }
    }

    @Test func storageBytesGrowWithData() async throws {
        try await withTemporaryDirectory { dir in
            let db = try SQLiteConnection(path: "\(dir)/a.sqlite")
            try db.execute("CREATE TABLE t (b BLOB)")
            let before = try db.storageBytes()
            try db.write { db throws(SQLiteError) in
                for _ in 0..<100 { try db.run("INSERT INTO t VALUES (?)", [.blob([UInt8](repeating: 7, count: 4_000))]) }
            }
            #expect(try db.storageBytes() >= before + 400_000)
        }
    }
}
