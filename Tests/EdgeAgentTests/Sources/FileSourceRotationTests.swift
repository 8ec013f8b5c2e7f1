import CrossdockTesting
import EdgeAgent
import Foundation
import Testing
import WireProtocol

/// The rotation matrix: every line is captured exactly once, under ids that do not change across restarts.
struct FileSourceRotationTests {
    typealias Support = SourceTestSupport

    private func lines(_ range: ClosedRange<Int>) -> String {
        range.map { Support.jsonLine($0) }.joined()
    }

    private func expectExactlyOnce(_ sink: RecordingEventSink, _ range: ClosedRange<Int>) async {
        let numbers = await sink.numbers
        let ids = await sink.events.map(\.id)
        let sorted = numbers.compactMap { Int($0) }.sorted()
        #expect(sorted == Array(range))
        #expect(Set(ids).count == ids.count)
    }

    @Test func createdFileIsReadOnceAcrossPolls() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try await source.pollOnce()  // no file yet
            try Support.append(lines(1...100), to: path)
            try await source.pollOnce()
            try await source.pollOnce()
            await expectExactlyOnce(sink, 1...100)
        }
    }

    @Test func renameAndCreateWhileRunning() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...50), to: path)
            try await source.pollOnce()
            try Support.append(lines(51...60), to: path)  // written after the last poll, before the rotation
            try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
            try Support.append(lines(61...100), to: path)
            try await source.pollOnce()
            try await source.pollOnce()
            await expectExactlyOnce(sink, 1...100)
        }
    }

    @Test func copyTruncateRecoversTheLinesWrittenBeforeTheTruncation() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...50), to: path)
            try await source.pollOnce()
            try Support.append(lines(51...60), to: path)
            try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
            try Support.truncate(path)
            try Support.append(lines(61...100), to: path)
            try await source.pollOnce()
            try await source.pollOnce()
            await expectExactlyOnce(sink, 1...100)
        }
    }

    @Test func copyTruncateWithNothingNewIsNotReadAgainFromTheCopy() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...50), to: path)
            try await source.pollOnce()
            try FileManager.default.copyItem(atPath: path, toPath: path + ".1")
            try Support.truncate(path)
            try Support.append(lines(51...60), to: path)
            try await source.pollOnce()
            try await source.pollOnce()
            // Restarted later, the copy is still there and newer than the cursor: it must not be read as new.
            try await Support.fileSource([path], sink: sink).pollOnce()
            await expectExactlyOnce(sink, 1...60)
        }
    }

    @Test func rotatedTwiceWhileTheAgentWasStopped() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            try Support.append(lines(1...20), to: path)
            try await Support.fileSource([path], sink: sink).pollOnce()
            // Agent stopped: the file gets more lines and is rotated twice.
            try Support.append(lines(21...30), to: path)
            try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
            try Support.append(lines(31...40), to: path)
            try FileManager.default.moveItem(atPath: path + ".1", toPath: path + ".2")
            try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
            try Support.append(lines(41...50), to: path)
            // A new process: a new source instance that starts from the committed cursor.
            try await Support.fileSource([path], sink: sink).pollOnce()
            await expectExactlyOnce(sink, 1...50)
        }
    }

    @Test func partialLastLineIsHeldUntilItsNewline() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            let full = lines(1...10)
            let last = Support.jsonLine(11)
            try Support.append(full + String(last.prefix(15)), to: path)
            try await source.pollOnce()
            #expect(await sink.numbers.count == 10)
            try Support.append(String(last.dropFirst(15)), to: path)
            try await source.pollOnce()
            await expectExactlyOnce(sink, 1...11)
            let lastID = try #require(await sink.events.last?.id)
            #expect(lastID.hasSuffix(":\(full.utf8.count)"))
        }
    }

    @Test func newContentOnTheSameInodeIsANewFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...50), to: path)
            try await source.pollOnce()
            let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64
            // Rewritten in place with other, longer content: same device and inode, other first bytes.
            try Data(lines(101...180).utf8).write(to: URL(fileURLWithPath: path))
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64 == inode)
            try await source.pollOnce()
            let numbers = await sink.numbers
            #expect(numbers.count == 130)
            let expected: [Int] = Array(1...50) + Array(101...180)
            #expect(numbers.compactMap { Int($0) }.sorted() == expected)
            let ids = await sink.events.map(\.id)
            #expect(Set(ids).count == 130)
        }
    }

    @Test func deletedAndRecreatedFileIsReadFromTheStart() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...30), to: path)
            try await source.pollOnce()
            try FileManager.default.removeItem(atPath: path)
            try Support.append(lines(31...40), to: path)  // may or may not get the old inode back
            try await source.pollOnce()
            await expectExactlyOnce(sink, 1...40)
        }
    }

    @Test func truncatedAndRefilledWithTheSameFirstLinesGetsNewIDs() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            let sink = RecordingEventSink()
            let source = try Support.fileSource([path], sink: sink)
            try Support.append(lines(1...5), to: path)
            try await source.pollOnce()
            try Support.truncate(path)
            try Support.append(lines(1...3), to: path)  // same bytes as before, but new records
            try await source.pollOnce()
            let events = await sink.events
            #expect(events.count == 8)
            #expect(Set(events.map(\.id)).count == 8)
            #expect(events[5].id.contains(".g1:"))
        }
    }

    @Test func aCrashBeforeTheCommitReReadsWithTheSameIDs() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/app.log"
            try Support.append(lines(1...1000), to: path)
            let sink = RecordingEventSink()
            await sink.failAppend(number: 2)  // the second batch of 300 is lost with the process
            await #expect(throws: RecordingEventSink.InjectedCrash.self) {
                try await Support.fileSource([path], sink: sink, batchSize: 300).pollOnce()
            }
            #expect(await sink.events.count == 300)
            try await Support.fileSource([path], sink: sink, batchSize: 300).pollOnce()
            await expectExactlyOnce(sink, 1...1000)
            // A second, independent reading of the same file yields exactly the same ids.
            let other = RecordingEventSink()
            try await Support.fileSource([path], sink: other, batchSize: 77, chunk: 4096).pollOnce()
            #expect(Set(await other.events.map(\.id)) == Set(await sink.events.map(\.id)))
        }
    }
}
