#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Logging
import ServiceLifecycle
import WireProtocol

/// The `file` source: tails the files matching its globs and commits their records as events, together with
/// where it has read up to, through the ``EventSink``.
///
/// Each poll finds the followed files again by identity (device, inode, fingerprint of the first records), so a
/// file renamed away (`app.log` → `app.log.1`, also while the agent was stopped) is read to its end, a file
/// truncated in place (copytruncate) is read again from the start (its last lines first recovered from the
/// rotated copy), and a new file that reuses an inode is recognised as new. On graceful shutdown the source commits
/// the batch it has read and returns.
public struct FileSource: Service {
    /// The settings.
    public let settings: FileSourceSettings
    /// The `source` attribute of the events.
    public let sourceURI: String
    let sink: any EventSink
    let logger: Logger

    /// Creates the source; `sourceURI` is the events' `source` attribute (`/tenant/site/agent/file/name`).
    public init(settings: FileSourceSettings, sourceURI: String, sink: any EventSink, logger: Logger) {
        self.settings = settings
        self.sourceURI = sourceURI
        self.sink = sink
        self.logger = logger
    }

    /// Polls until graceful shutdown or cancellation.
    public func run() async throws {
        var state = try await PollState(cursor: loadCursor())
        logger.info("file source started", metadata: ["source": "\(settings.name)", "files": "\(state.files.count)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                if try await poll(&state) == .stopped { break }
            } catch {
                // The committed cursor is the truth: what was read but not committed is read again.
                let message = "file source poll failed: \(error); retrying from the committed cursor at the next poll"
                logger.error("\(message)", metadata: ["source": "\(settings.name)"])
                await sink.report(
                    SourceProblem(source: settings.name, location: settings.paths.joined(separator: ", "), message: message))
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.pollInterval) }
                let reported = state.reported
                guard let cursor = try? await loadCursor() else { continue }
                state = PollState(cursor: cursor)
                state.reported = reported
                continue
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.pollInterval) }
        }
        logger.info("file source stopped", metadata: ["source": "\(settings.name)"])
    }

    /// Runs one poll from the committed cursor: what a restarted agent does first. For tests and tools.
    public func pollOnce() async throws {
        var state = try await PollState(cursor: loadCursor())
        _ = try await poll(&state)
    }

    func loadCursor() async throws -> FileSourceCursor {
        guard let committed = try await sink.cursor(for: settings.name) else { return FileSourceCursor() }
        return try FileSourceCursor(position: committed.position, source: settings.name)
    }

    /// What one poll works on: the followed files and the problems already logged.
    struct PollState {
        var files: [TailedFile]
        var reported: Set<String> = []
        /// When the previous poll started (`nil` on a first start: rotated files from before are history).
        var since: Double?
        /// What the commits of the current poll record as ``FileSourceCursor/scannedAt``.
        var recordedSince: Double?
        /// Problems met by the current poll.
        var problems = 0

        init(cursor: FileSourceCursor) {
            files = cursor.files
            since = cursor.scannedAt
        }
    }

    var fingerprintLines: Int {
        if case .csv = settings.format { return 2 }
        return 1
    }

    var tailer: FileTailer {
        FileTailer(
            capture: RecordCapture(sourceName: settings.name, sourceURI: sourceURI, mapping: settings.mapping),
            format: settings.format, batchSize: settings.batchSize, chunkBytes: settings.readChunkBytes)
    }

    /// Commits `batch` with the cursor made of `files`.
    func commit(_ batch: RecordCapture.Batch, files: [TailedFile], since: Double?) async throws {
        let cursor = FileSourceCursor(files: files, scannedAt: since)
        try await sink.append(
            batch.events, quarantined: batch.quarantined,
            cursor: SourceCursor(source: settings.name, position: cursor.position))
    }

    /// Reports a problem of the file at `path` once per poll state (it is logged and recorded for `status` again
    /// only after it went away and came back); the poll counts it, so the source is not marked working again.
    func report(_ message: String, key: String, path: String, _ state: inout PollState) async {
        state.problems += 1
        guard state.reported.insert(key).inserted else { return }
        logger.error("\(message)", metadata: ["source": "\(settings.name)"])
        await sink.report(SourceProblem(source: settings.name, location: path, message: message))
    }

    /// Opens `path` read-only and checks that it is still the candidate's inode.
    func openCandidate(_ candidate: FileDiscovery.Candidate) -> (fd: Int32, size: UInt64)? {
        let fd = open(candidate.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        guard fstat(fd, &info) == 0, UInt64(info.st_dev) == candidate.device, UInt64(info.st_ino) == candidate.inode,
            (info.st_mode & S_IFMT) == S_IFREG
        else {
            close(fd)
            return nil
        }
        return (fd, UInt64(info.st_size))
    }
}
