import Foundation
import Logging
import ServiceLifecycle
import WireProtocol

/// The `folder` source: takes files dropped into an inbox once they are stable, captures their records (CSV,
/// JSON, JSON lines) or EDI interchanges as events, and moves them to the archive, or to the error folder with a
/// `<name>.reason` file beside them.
///
/// Order of steps for each file, and why a `kill -9` anywhere neither loses nor repeats anything:
/// 1. inbox → processing (a rename). A crash here leaves the file in processing, which is looked at first on
///    start.
/// 2. Records are committed in batches with a cursor naming the file, its content hash and the offset reached; a
///    restart resumes at that offset (ids depend only on the content and the offset, so they are the same).
/// 3. The last batch is committed with the content hash added to the remembered hashes and the in-flight entry
///    cleared, in one transaction.
/// 4. processing → archive or error. A crash before this finds the file in processing with a remembered hash: it
///    is moved on without capturing anything again.
///
/// The same content dropped again (same hash) is archived without being captured; a duplicate EDI interchange
/// (same sender, receiver and ISA13 / UNB control number) is reported and not translated.
public struct FolderSource: Service {
    /// The settings.
    public let settings: FolderSourceSettings
    /// The `source` attribute of the events.
    public let sourceURI: String
    let sink: any EventSink
    let logger: Logger

    /// Creates the source; `sourceURI` is the events' `source` attribute (`/tenant/site/agent/folder/name`).
    public init(settings: FolderSourceSettings, sourceURI: String, sink: any EventSink, logger: Logger) {
        self.settings = settings
        self.sourceURI = sourceURI
        self.sink = sink
        self.logger = logger
    }

    /// Polls until graceful shutdown or cancellation.
    public func run() async throws {
        var prepared: PollState?
        while prepared == nil {
            do {
                prepared = try await prepare()
            } catch {
                // A missing or unwritable folder is reported and retried; the rest of the agent keeps running.
                await problem("folder source cannot start: \(error); retrying")
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: max(settings.pollInterval, .seconds(5))) }
                if Task.isShuttingDownGracefully || Task.isCancelled { return }
            }
        }
        guard var state = prepared else { return }
        logger.info("folder source started", metadata: ["source": "\(settings.name)", "inbox": "\(settings.inbox)"])
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await poll(&state)
                await sink.clearProblem(source: settings.name)
            } catch {
                // The committed cursor is the truth: a file captured in part is resumed from it.
                await problem("folder source poll failed: \(error); retrying from the committed cursor at the next poll")
                if let fresh = try? await prepare() { state = fresh }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.pollInterval) }
        }
        logger.info("folder source stopped", metadata: ["source": "\(settings.name)"])
    }

    /// Logs a problem of the source's folders and records it for `status`.
    func problem(_ message: String) async {
        logger.error("\(message)", metadata: ["source": "\(settings.name)"])
        await sink.report(SourceProblem(source: settings.name, location: settings.inbox, message: message))
    }

    /// One poll from the committed cursor, as a restarted agent does first. For tests and tools.
    public func pollOnce() async throws {
        var state = try await prepare()
        try await poll(&state)
    }

    /// What polls carry over: the cursor and what was seen of the inbox's files.
    struct PollState {
        var cursor: FolderSourceCursor
        /// Name → size and modification time at the last listing.
        var observed: [String: FolderFiles.Entry] = [:]
        var reported: Set<String> = []
    }

    func prepare() async throws -> PollState {
        for folder in [settings.inbox, settings.processing, settings.archive, settings.error]
            + [settings.edi.acknowledgmentFolder].compactMap({ $0 })
        {
            try FolderFiles.ensureFolder(folder)
        }
        guard let committed = try await sink.cursor(for: settings.name) else {
            return PollState(cursor: FolderSourceCursor())
        }
        return PollState(cursor: try FolderSourceCursor(position: committed.position, source: settings.name))
    }

    /// Finishes files left in processing, then takes every stable file of the inbox.
    func poll(_ state: inout PollState) async throws {
        for entry in try FolderFiles.list(settings.processing, pattern: "*") {
            if Task.isShuttingDownGracefully { return }
            try await process(entry.name, fromInbox: false, &state)
        }
        let now = Date().timeIntervalSince1970
        let stableFor = Double(settings.stableFor.components.seconds)
            + Double(settings.stableFor.components.attoseconds) / 1e18
        var observed: [String: FolderFiles.Entry] = [:]
        for entry in try FolderFiles.list(settings.inbox, pattern: settings.pattern) {
            if Task.isShuttingDownGracefully { return }
            let previous = state.observed[entry.name]
            let unchanged = previous == nil || previous == entry
            guard unchanged, now - entry.modified >= stableFor else {
                observed[entry.name] = entry
                continue
            }
            let name = try FolderFiles.move(entry.name, from: settings.inbox, to: settings.processing)
            try await process(name, fromInbox: true, &state)
        }
        state.observed = observed
    }

    /// Captures one file in processing, then moves it to the archive or the error folder.
    func process(_ name: String, fromInbox: Bool, _ state: inout PollState) async throws {
        let path = settings.processing + "/" + name
        let summary: FolderFiles.Summary
        do {
            summary = try FolderFiles.summarize(path)
        } catch {
            try await reject(name, hash: nil, reasons: [error.message], &state)
            return
        }
        let hash = summary.hash
        if let seen = state.cursor.seen(hash: hash), state.cursor.inFlight?.hash != hash {
            if let rejection = seen.rejection {
                let reason = fromInbox ? "the same content was already rejected as \(seen.name): \(rejection)" : rejection
                try finishRejected(name, reasons: [reason])
            } else {
                if fromInbox {
                    logger.warning(
                        "dropped file has the same content as one captured before; archived without capturing it again",
                        metadata: ["source": "\(settings.name)", "file": "\(name)", "first": "\(seen.name)"])
                }
                try FolderFiles.move(name, from: settings.processing, to: settings.archive)
            }
            return
        }
        if summary.size == 0 {
            try await reject(name, hash: hash, reasons: ["\(name): the file is empty"], &state)
            return
        }
        switch kind(of: name, summary.head) {
        case .edi:
            let bytes: [UInt8]
            do {
                bytes = try FolderFiles.read(path)
            } catch {
                try await reject(name, hash: hash, reasons: [error.message], &state)
                return
            }
            try await captureEDI(name, bytes: bytes, hash: hash, &state)
        case .records(let format):
            try await captureRecords(name, hash: hash, format: format, &state)
        case nil:
            try await reject(
                name, hash: hash,
                reasons: [
                    "\(name): unknown kind of file; EDI files start with ISA, UNA or UNB, and CSV, JSON and JSON-lines "
                        + "files are recognised by the extensions .csv, .json, .jsonl and .ndjson (or set format:)"
                ], &state)
        }
    }

    enum Kind {
        case edi
        case records(RecordFormat)
    }

    /// How a file is read: the configured format, or (auto) EDI by content, else records by extension.
    func kind(of name: String, _ bytes: [UInt8]) -> Kind? {
        switch settings.format {
        case .edi: return .edi
        case .records(let format): return .records(format)
        case .auto(let delimiter):
            var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
            let head = String(decoding: bytes[start..<min(bytes.count, start + 3)], as: UTF8.self)
            if ["ISA", "UNA", "UNB"].contains(head) { return .edi }
            let lower = name.lowercased()
            if lower.hasSuffix(".csv") { return .records(.csv(delimiter: delimiter)) }
            if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .records(.jsonLines) }
            if lower.hasSuffix(".json") { return .records(.json) }
            return nil
        }
    }

    /// Commits the quarantined reasons and the rejection, then moves the file to the error folder with its
    /// reason file.
    func reject(_ name: String, hash: String?, reasons: [String], _ state: inout PollState) async throws {
        let quarantined = reasons.map {
            QuarantinedRecord(source: settings.name, location: settings.processing + "/" + name, reason: $0, raw: [])
        }
        if let hash {
            state.cursor.inFlight = nil
            state.cursor.remember(
                .init(hash: hash, name: name, rejection: reasons.joined(separator: "; ")), interchanges: [],
                limit: settings.remembered)
        }
        try await commit([], quarantined, state.cursor)
        try finishRejected(name, reasons: reasons)
    }

    /// Moves a file to the error folder and writes `<name>.reason` beside it.
    func finishRejected(_ name: String, reasons: [String]) throws {
        let moved = try FolderFiles.move(name, from: settings.processing, to: settings.error)
        let text = "\(moved) was rejected by source \(settings.name) at \(ZonedDateTime.now()):\n"
            + reasons.map { "  \($0)\n" }.joined()
        try FolderFiles.writeAtomically(Array(text.utf8), to: settings.error, name: moved + ".reason")
        logger.error(
            "file rejected; moved to the error folder with a reason file",
            metadata: ["source": "\(settings.name)", "file": "\(settings.error)/\(moved)", "reason": "\(reasons.first ?? "")"])
    }

    func commit(_ events: [CapturedEvent], _ quarantined: [QuarantinedRecord], _ cursor: FolderSourceCursor) async throws {
        try await sink.append(events, quarantined: quarantined, cursor: SourceCursor(source: settings.name, position: cursor.position))
    }
}
