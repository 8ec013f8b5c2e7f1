import CrossdockTesting
import EdgeAgent
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing
import WireProtocol

/// The file source beyond rotation: bad records, bad paths, CSV across polls, running as a service.
struct FileSourceTests {
    typealias Support = SourceTestSupport

    @Test func aMalformedRecordIsQuarantinedWithFileAndLineAndItsNeighboursAreCaptured() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            try Support.append(
                Support.jsonLine(1) + "{\"n\":\"2\",\"status\":\n" + Support.jsonLine(3)
                    + "{\"n\":\"4\",\"status\":\"X1\",\"at\":\"soon\"}\n" + Support.jsonLine(5), to: path)
            try await Support.fileSource([path], sink: sink).pollOnce()
            #expect(await sink.numbers == ["1", "3", "5"])
            let quarantined = await sink.quarantined
            #expect(quarantined.map(\.location) == ["\(path):2", "\(path):4"])
            #expect(quarantined[0].reason.hasPrefix("not valid JSON"))
            #expect(quarantined[1].reason.contains("\"soon\" is not a timestamp in the format rfc3339"))
            #expect(quarantined[1].raw == Array("{\"n\":\"4\",\"status\":\"X1\",\"at\":\"soon\"}\n".utf8))
            #expect(quarantined.allSatisfy { $0.source == "test" })
        }
    }

    @Test func aDirectoryWhereAFileIsExpectedIsReportedAndTheOtherFilesAreRead() async throws {
        try await withTemporaryDirectory { dir in
            try FileManager.default.createDirectory(atPath: dir + "/b.log", withIntermediateDirectories: true)
            try Support.append(Support.jsonLine(1), to: dir + "/a.log")
            try Support.append(Support.jsonLine(3), to: dir + "/c.log")
            let sink = RecordingEventSink()
            let messages = LogCapture()
            let source = FileSource(
                settings: FileSourceSettings(
                    name: "logs", paths: [dir + "/*.log"], format: .jsonLines, mapping: try Support.mapping()),
                sourceURI: "/acme/dc1/agent-1/file/logs", sink: sink,
                logger: Logger(label: "test") { _ in messages.handler })
            try await source.pollOnce()
            #expect(await sink.numbers.sorted() == ["1", "3"])
            #expect(messages.lines.contains { $0.contains("\(dir)/b.log is skipped: it is a directory; only regular files are tailed") })
        }
    }

    @Test func csvHeaderIsKeptInTheCursorAcrossPollsAndRestarts() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/rows.csv"
            let sink = RecordingEventSink()
            try Support.append("n,status,at\n" + Support.csvRow(1), to: path)
            try await Support.fileSource([path], format: .csv(delimiter: UInt8(ascii: ",")), sink: sink).pollOnce()
            try Support.append(Support.csvRow(2) + "3,\"multi\nline\",2026-11-27T09:15:00Z\n", to: path)
            try await Support.fileSource([path], format: .csv(delimiter: UInt8(ascii: ",")), sink: sink).pollOnce()
            #expect(await sink.numbers == ["1", "2", "3"])
            #expect(await sink.events.last?.data?["statusCode"]?.stringValue == "multi\nline")
        }
    }

    @Test func asAServiceItFollowsNewLinesAndStopsPromptlyOnGracefulShutdown() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            let group = ServiceGroup(services: [source], logger: Support.logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                for round in 0..<5 {
                    try Support.append((round * 10 + 1...round * 10 + 10).map { Support.jsonLine($0) }.joined(), to: path)
                    for _ in 0..<1_500 where await sink.events.count < (round + 1) * 10 {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                #expect(await sink.events.count == 50)
                let start = ContinuousClock.now
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                #expect(ContinuousClock.now - start < .seconds(30), "graceful shutdown must not hang")
            }
            #expect(await sink.numbers.compactMap { Int($0) } == Array(1...50))
        }
    }
}

extension FileSourceTests {
    @Test func aFollowedFileRemovedIsDroppedFromTheCursorAndTheOthersGoOn() async throws {
        try await withTemporaryDirectory { dir in
            let sink = RecordingEventSink()
            let source = try Support.fileSource([dir + "/*.log"], sink: sink)
            try Support.append(Support.jsonLine(1), to: dir + "/a.log")
            try Support.append(Support.jsonLine(2), to: dir + "/b.log")
            try await source.pollOnce()
            try FileManager.default.removeItem(atPath: dir + "/a.log")
            try Support.append(Support.jsonLine(3), to: dir + "/b.log")
            try await source.pollOnce()
            #expect(await sink.numbers.sorted() == ["1", "2", "3"])
            let position = try #require(await sink.cursors["test"]?.position)
            let cursor = try FileSourceCursor(position: position, source: "test")
            #expect(cursor.files.map(\.path) == [dir + "/b.log"])
            #expect(cursor.files.first?.line == 3)
        }
    }
}

/// Collects log lines for assertions.
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    var handler: any LogHandler { Handler(capture: self) }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.storage.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}
