@testable import EdgeAgent
import CrossdockTesting
import Foundation
import Shared
import Testing
import WireProtocol

/// Bad input and failing inputs show up in `status` (read from the outbox file, as the separate `status` process
/// reads it) with what, where and when, while the source goes on and nothing else is lost.
@Suite(.serialized)
struct SourceHealthTests {
    typealias Support = SourceTestSupport

    /// The health of `source` as `crossdock-agent status` reads it: a read-only connection to the outbox file.
    static func health(_ dir: String, _ source: String) throws -> SourceHealth? {
        try OutboxInspector.report(path: dir + "/outbox.sqlite").sources.first { $0.source == source }
    }

    @Test func aMalformedRecordIsQuarantinedAndShownWithFileAndLine() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            let path = dir + "/orders.jsonl"
            try Support.append(Support.jsonLine(1) + "{\"n\": \"2\", broken\n" + Support.jsonLine(3), to: path)
            try await Support.fileSource([path], sink: outbox, name: "orders").pollOnce()

            let report = try OutboxInspector.report(path: dir + "/outbox.sqlite")
            #expect(report.backlog == 2)
            let health = try #require(report.sources.first { $0.source == "orders" })
            #expect(health.quarantinedCount == 1)
            #expect(health.errorCount == 1)
            #expect(health.lastErrorLocation == "\(path):2")
            #expect(health.lastError?.isEmpty == false)
            #expect(health.lastErrorAtMilliseconds != nil)
            #expect(!health.failing)
            let text = report.text(quotaBytes: 1 << 30, nowMilliseconds: Outbox.nowMilliseconds())
            #expect(text.contains("orders:"))
            #expect(text.contains("1 quarantined"))
            #expect(text.contains("\(path):2"))
        }
    }

    @Test func aBrokenEDIFileIsShownAndTheOtherFilesAreCaptured() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
            let corpus = FolderSourceTests.corpus + "/x12types_945_parse_1.edi"
            try FileManager.default.copyItem(atPath: corpus, toPath: dir + "/inbox/shipment.edi")
            try Data(("n,status,at\n" + Support.csvRow(1) + Support.csvRow(2)).utf8)
                .write(to: URL(fileURLWithPath: dir + "/inbox/milestones.csv"))
            let source = FolderSource(
                settings: FolderSourceSettings(
                    name: "drop", inbox: dir + "/inbox", stableFor: .zero, pollInterval: .milliseconds(20),
                    mapping: try Support.mapping(), batchSize: 100,
                    edi: .init(acknowledgmentFolder: nil, controlNumbersPath: dir + "/control-numbers")),
                sourceURI: "/acme/dc1/agent-a/folder/drop", sink: outbox, logger: Support.logger)
            try await source.pollOnce()

            let report = try OutboxInspector.report(path: dir + "/outbox.sqlite")
            #expect(report.backlog == 2)
            let health = try #require(report.sources.first { $0.source == "drop" })
            #expect(health.quarantinedCount >= 1)
            #expect(health.lastErrorLocation == dir + "/processing/shipment.edi")
            #expect(health.lastError?.hasPrefix("shipment.edi: interchange 043000123") == true)
            let reasons = try await outbox.quarantined().map(\.record.reason)
            #expect(reasons.contains { $0.contains("SE01 says 12 segments, counted 16") })
            #expect(FileManager.default.fileExists(atPath: dir + "/error/shipment.edi.reason"))
            #expect(FileManager.default.fileExists(atPath: dir + "/archive/milestones.csv"))
        }
    }

    /// A path the source cannot read. The tests run as root, for whom permissions do not stop a read, so the file
    /// is a symbolic link pointing at itself: `stat` fails with ELOOP whoever runs the test.
    @Test func anUnreadableFileIsShownAsFailingUntilItCanBeReadAndTheOtherFilesGoOn() async throws {
        try await withTemporaryDirectory { dir in
            let outbox = try OutboxFixture.open(dir)
            try Support.append(Support.jsonLine(1), to: dir + "/a.jsonl")
            try FileManager.default.createSymbolicLink(atPath: dir + "/b.jsonl", withDestinationPath: dir + "/b.jsonl")
            let source = try Support.fileSource([dir + "/*.jsonl"], sink: outbox, name: "tail")
            try await source.pollOnce()

            let failing = try #require(try Self.health(dir, "tail"))
            #expect(failing.failing)
            #expect(failing.lastErrorLocation == dir + "/b.jsonl")
            #expect(failing.lastError?.contains("Too many levels of symbolic links") == true)
            #expect(failing.quarantinedCount == 0)
            #expect(try OutboxInspector.report(path: dir + "/outbox.sqlite").backlog == 1)
            let text = try OutboxInspector.report(path: dir + "/outbox.sqlite")
                .text(quotaBytes: 1 << 30, nowMilliseconds: Outbox.nowMilliseconds())
            #expect(text.contains("FAILING"))

            try FileManager.default.removeItem(atPath: dir + "/b.jsonl")
            try Support.append(Support.jsonLine(2), to: dir + "/b.jsonl")
            try await source.pollOnce()
            let recovered = try #require(try Self.health(dir, "tail"))
            #expect(!recovered.failing)
            #expect(recovered.recoveredAtMilliseconds != nil)
            #expect(recovered.lastErrorLocation == dir + "/b.jsonl")
            #expect(try OutboxInspector.report(path: dir + "/outbox.sqlite").backlog == 2)
        }
    }

    @Test func aDatabaseThatGoesAwayIsShownAsFailingAndReadOnWhenItIsBack() async throws {
        try await TestPostgres.withServer { server in
            try await withTemporaryDirectory { dir in
                try DatabaseSourcePostgresTests.createOrders(server)
                try DatabaseSourcePostgresTests.insert(server, 1, "SO-1", at: "2026-11-27 09:00:00+00")
                let outbox = try OutboxFixture.open(dir)
                let source = DatabaseSource(
                    name: "pg-orders", identity: OutboxFixture.identity, relation: .table("public.wms_orders"),
                    worker: DatabaseWorker(
                        connection: PostgresConnection(settings: DatabaseSourcePostgresTests.settings(server))),
                    sink: outbox,
                    options: .init(
                        timestampColumn: "updated_at", keyColumn: "id", lag: .seconds(60),
                        interval: .milliseconds(50), batch: 100, maxRetryInterval: .milliseconds(200)),
                    mapper: TestRowMapping.mapper)
                let running = Task { try await source.run() }
                defer { running.cancel() }
                try await DatabaseSourcePostgresTests.waitUntil("the first row is captured") {
                    (try? OutboxInspector.report(path: dir + "/outbox.sqlite").backlog) == 1
                }

                try server.stop()
                try await DatabaseSourcePostgresTests.waitUntil("status shows the database gone") {
                    (try? Self.health(dir, "pg-orders"))??.failing == true
                }
                let failing = try #require(try Self.health(dir, "pg-orders"))
                #expect(failing.lastErrorLocation?.contains("127.0.0.1:\(server.port)") == true)
                #expect(failing.lastError?.isEmpty == false)
                #expect(failing.lastError?.contains(server.password) == false)

                try server.start()
                try DatabaseSourcePostgresTests.insert(server, 2, "SO-2", at: "2026-11-27 09:03:00+00")
                try await DatabaseSourcePostgresTests.waitUntil("the row written after the restart is captured") {
                    (try? OutboxInspector.report(path: dir + "/outbox.sqlite").backlog) == 2
                }
                try await DatabaseSourcePostgresTests.waitUntil("status shows the source working again") {
                    (try? Self.health(dir, "pg-orders"))??.failing == false
                }
                running.cancel()
                try await running.value
                let subjects = try await OutboxFixture.storedEvents(outbox).map(\.subject)
                #expect(subjects == ["SO-1", "SO-2"])
            }
        }
    }
}
