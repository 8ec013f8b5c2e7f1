import CrossdockTesting
import EDI
import EdgeAgent
import Foundation
import Logging
import ServiceLifecycle
import Testing
import WireProtocol

/// The drop folder: stability, archive and error folders with reasons, duplicates, EDI with 997s, restarts.
struct FolderSourceTests {
    typealias Support = SourceTestSupport

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("EDITests/Corpus/x12").path

    func source(
        _ dir: String, sink: any EventSink, stableFor: Duration = .zero, batchSize: Int = 5000
    ) throws -> FolderSource {
        FolderSource(
            settings: FolderSourceSettings(
                name: "drop", inbox: dir + "/inbox", stableFor: stableFor, pollInterval: .milliseconds(20),
                mapping: try Support.mapping(), batchSize: batchSize,
                edi: .init(acknowledgmentFolder: dir + "/outbound", controlNumbersPath: dir + "/control-numbers")),
            sourceURI: "/acme/dc1/agent-1/folder/drop", sink: sink, logger: Support.logger)
    }

    func drop(_ text: String, as name: String, in dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/inbox/" + name))
    }

    func files(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    func csv(_ range: ClosedRange<Int>) -> String {
        "n,status,at\n" + range.map { Support.csvRow($0) }.joined()
    }

    @Test func aFileStillBeingWrittenIsNotTakenUntilStable() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let source = try source(dir, sink: sink, stableFor: .seconds(30))
            try drop(csv(1...3), as: "fresh.csv", in: dir)
            try await source.pollOnce()
            #expect(files(dir + "/inbox") == ["fresh.csv"])
            #expect(await sink.events.isEmpty)
            // Written elsewhere and renamed in: its modification time is older than stable_for.
            try drop(csv(4...5), as: "moved.csv", in: dir)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: dir + "/inbox/moved.csv")
            try await source.pollOnce()
            #expect(files(dir + "/inbox") == ["fresh.csv"])
            #expect(files(dir + "/archive") == ["moved.csv"])
            #expect(await sink.numbers == ["4", "5"])
        }
    }

    @Test func malformedRowsAreQuarantinedWithFileAndLineAndTheFileIsArchived() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let text = "n,status,at\n1,X1,2026-11-27T09:15:00Z\n2,X1,yesterday\n3,\"X1\"oops,2026-11-27T09:15:00Z\n"
                + "4,X1\n5,\"D\n1\",2026-11-27T09:15:00Z\n6,X1,2026-11-27T09:15:00Z\n"
            try drop(text, as: "rows.csv", in: dir)
            try await source(dir, sink: sink).pollOnce()
            #expect(await sink.numbers == ["1", "5", "6"])
            #expect(await sink.events[1].data?["statusCode"]?.stringValue == "D\n1")
            let quarantined = await sink.quarantined
            #expect(quarantined.map(\.location) == [3, 4, 5].map { "\(dir)/processing/rows.csv:\($0)" })
            #expect(quarantined[0].reason.contains("\"yesterday\" is not a timestamp"))
            #expect(quarantined[1].reason.contains("after the closing quote of field 2"))
            #expect(quarantined[2].reason.contains("the row has 2 fields but the header has 3 columns"))
            #expect(files(dir + "/archive") == ["rows.csv"])
        }
    }

    @Test func brokenEDIGoesToTheErrorFolderWithAReasonFile() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let bytes = try String(contentsOfFile: Self.corpus + "/x12types_945_parse_1.edi", encoding: .utf8)
            try drop(bytes, as: "shipment.edi", in: dir)
            try drop("this is neither EDI nor records", as: "notes.txt", in: dir)
            try await source(dir, sink: sink).pollOnce()
            #expect(files(dir + "/error") == ["notes.txt", "notes.txt.reason", "shipment.edi", "shipment.edi.reason"])
            let reason = try String(contentsOfFile: dir + "/error/shipment.edi.reason", encoding: .utf8)
            #expect(reason.contains("shipment.edi: interchange 043000123, group 000000123, set 000006123, segment 18"))
            #expect(reason.contains("SE01 says 12 segments, counted 16"))
            let other = try String(contentsOfFile: dir + "/error/notes.txt.reason", encoding: .utf8)
            #expect(other.contains("unknown kind of file"))
            #expect(await sink.events.isEmpty)
            #expect(await sink.quarantined.count >= 2)
        }
    }

    @Test func theSameContentDroppedTwiceIsCapturedOnce() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            try drop(csv(1...10), as: "a.csv", in: dir)
            try await source(dir, sink: sink).pollOnce()
            try drop(csv(1...10), as: "a.csv", in: dir)
            try drop(csv(1...10), as: "copy-of-a.csv", in: dir)
            try await source(dir, sink: sink).pollOnce()
            #expect(await sink.events.count == 10)
            #expect(files(dir + "/archive") == ["a.csv", "a.csv.1", "copy-of-a.csv"])
        }
    }

    @Test func ediIsTranslatedAnd997WrittenAndADuplicateInterchangeIsRecognised() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let text = try String(contentsOfFile: Self.corpus + "/nodex12_856.edi", encoding: .utf8)
            try drop(text, as: "asn.edi", in: dir)
            try await source(dir, sink: sink).pollOnce()
            let events = await sink.events
            #expect(events.map(\.type) == [.shipmentAdvised])
            #expect(events.first?.id.hasPrefix("edi:") == true)
            #expect(files(dir + "/archive") == ["asn.edi"])
            let acks = files(dir + "/outbound")
            #expect(acks == ["997-4405197800-000000049.edi"])
            let ack = EDIDocument.parse(try FolderFiles997.read(dir + "/outbound/" + acks[0]), file: acks[0])
            #expect(ack.problems.isEmpty)
            #expect(ack.interchanges.first?.groups.first?.sets.first?.id == "997")
            // The same interchange again, in a file with other bytes: recognised by sender, receiver and ISA13.
            try drop(text + "\n", as: "asn-again.edi", in: dir)
            try await source(dir, sink: sink).pollOnce()
            #expect(await sink.events.count == 1)
            let reason = try String(contentsOfFile: dir + "/error/asn-again.edi.reason", encoding: .utf8)
            #expect(reason.contains("interchange 000000049 from 12/4405197800 to 01/999999999 was already received in asn.edi"))
        }
    }

    @Test func aRestartInTheMiddleOfAFileResumesWithoutDuplicates() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            try drop(csv(1...1000), as: "big.csv", in: dir)
            await sink.failAppend(number: 4)  // killed while committing the fourth batch
            await #expect(throws: RecordingEventSink.InjectedCrash.self) {
                try await source(dir, sink: sink, batchSize: 100).pollOnce()
            }
            #expect(await sink.events.count == 300)
            #expect(files(dir + "/processing") == ["big.csv"])
            try await source(dir, sink: sink, batchSize: 100).pollOnce()
            let numbers = await sink.numbers.compactMap { Int($0) }
            #expect(numbers == Array(1...1000))
            #expect(Set(await sink.events.map(\.id)).count == 1000)
            #expect(files(dir + "/archive") == ["big.csv"])
        }
    }

    @Test func aFileCommittedButNotYetMovedIsOnlyMoved() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            try drop(csv(1...5), as: "done.csv", in: dir)
            let source = try source(dir, sink: sink)
            try await source.pollOnce()
            // As if the process died after the commit and before the move to the archive.
            try FileManager.default.moveItem(atPath: dir + "/archive/done.csv", toPath: dir + "/processing/done.csv")
            try await source.pollOnce()
            #expect(await sink.events.count == 5)
            #expect(files(dir + "/processing").isEmpty)
            #expect(files(dir + "/archive") == ["done.csv"])
        }
    }
}

extension FolderSourceTests {
    @Test func asAServiceItTakesDroppedFilesAndStopsPromptlyOnGracefulShutdown() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let group = ServiceGroup(services: [try source(dir, sink: sink)], logger: Support.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for round in 0..<3 {
                    try drop(csv(round * 10 + 1...round * 10 + 10), as: "part-\(round).csv", in: dir)
                    for _ in 0..<1_500 where await sink.events.count < (round + 1) * 10 {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                let start = ContinuousClock.now
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                #expect(ContinuousClock.now - start < .seconds(30), "graceful shutdown must not hang")
            }
            #expect(await sink.numbers.compactMap { Int($0) }.sorted() == Array(1...30))
            #expect(files(dir + "/archive") == ["part-0.csv", "part-1.csv", "part-2.csv"])
        }
    }
}

extension FolderSourceTests {
    @Test func aFileLargerThanOneReadIsStreamedAcrossChunksExactlyOnce() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let text = csv(1...40_000)
            #expect(text.utf8.count > 1 << 20)
            try drop(text, as: "large.csv", in: dir)
            try await source(dir, sink: sink).pollOnce()
            #expect(await sink.numbers.compactMap { Int($0) } == Array(1...40_000))
            #expect(await sink.quarantined.isEmpty)
            #expect(Set(await sink.events.map(\.id)).count == 40_000)
        }
    }
}

extension FolderSourceTests {
    @Test func aFolderThatCannotBeCreatedIsReportedAndTheServiceKeepsRunning() async throws {
        try await withTemporaryDirectory { dir in
            try Data("not a folder".utf8).write(to: URL(fileURLWithPath: dir + "/blocker"))
            let messages = LogCapture()
            let source = FolderSource(
                settings: FolderSourceSettings(name: "drop", inbox: dir + "/blocker/inbox", mapping: try Support.mapping()),
                sourceURI: "/acme/dc1/agent-1/folder/drop", sink: RecordingEventSink(),
                logger: Logger(label: "test") { _ in messages.handler })
            let group = ServiceGroup(services: [source], logger: Support.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for _ in 0..<1_500 where !messages.lines.contains(where: { $0.contains("folder source cannot start") }) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            let line = messages.lines.first { $0.contains("folder source cannot start") }
            #expect(line != nil)
        }
    }
}

/// Reads a whole file as bytes.
enum FolderFiles997 {
    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
