#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

extension FileSource {
    /// One pass over the files: find each followed file again, read what is new, then start on new files.
    func poll(_ state: inout PollState) async throws -> FileTailer.Outcome {
        let started = Date().timeIntervalSince1970
        defer { state.since = started }
        state.recordedSince = state.since ?? started
        state.problems = 0
        let outcome = try await pollFiles(&state)
        if outcome == .caughtUp && state.problems == 0 { await sink.clearProblem(source: settings.name) }
        return outcome
    }

    /// The body of ``poll(_:)``.
    private func pollFiles(_ state: inout PollState) async throws -> FileTailer.Outcome {
        let (candidates, skipped) = FileDiscovery.scan(
            patterns: settings.paths, rotatedPatterns: settings.rotatedPaths)
        // A skipped path that is fine again is reported anew if it breaks again.
        let skippedKeys = Set(skipped.map { "skip:\($0.path)" })
        state.reported = state.reported.filter { !$0.hasPrefix("skip:") || skippedKeys.contains($0) }
        for problem in skipped {
            await report(
                "\(problem.path) is skipped: \(problem.reason)", key: "skip:\(problem.path)", path: problem.path, &state)
        }
        var index = 0
        while index < state.files.count {
            let file = state.files[index]
            let matches = candidates.filter { $0.device == file.identity.device && $0.inode == file.identity.inode }
            guard let candidate = matches.first(where: \.isMain) ?? matches.first else {
                logger.info(
                    "followed file is gone; it is no longer followed",
                    metadata: ["source": "\(settings.name)", "path": "\(file.path)", "offset": "\(file.offset)"])
                state.files.remove(at: index)
                continue
            }
            guard let (fd, size) = openCandidate(candidate) else {
                let reason = String(cString: strerror(errno))
                await report(
                    "cannot open \(candidate.path): \(reason); it is retried at the next poll",
                    key: "open:\(candidate.path)", path: candidate.path, &state)
                index += 1
                continue
            }
            defer { close(fd) }
            state.reported.remove("open:\(candidate.path)")
            let prefix = FileFingerprint.readPrefix(fd: fd, count: file.identity.fingerprintLength) ?? []
            let sameStart =
                prefix.count == file.identity.fingerprintLength && FileFingerprint.hash(prefix) == file.identity.fingerprint
            if sameStart && size >= file.offset {
                state.files[index].path = candidate.path
                if try await read(fd: fd, at: index, &state) == .stopped { return .stopped }
                index += 1
                continue
            }
            // Truncated in place (copytruncate) or replaced by another file on the same inode.
            if try await recoverFromCopy(of: index, candidates: candidates, &state) == .stopped { return .stopped }
            guard var identity = identity(fd: fd, candidate: candidate) else {
                index += 1  // too short to tell yet; look again at the next poll
                continue
            }
            if identity.fingerprint == file.identity.fingerprint {
                identity.generation = file.identity.generation + 1
            }
            logger.info(
                sameStart ? "file was truncated; reading it again from the start" : "file was replaced; reading the new one",
                metadata: ["source": "\(settings.name)", "path": "\(candidate.path)", "was": "\(file.offset) bytes"])
            state.files[index] = TailedFile(path: candidate.path, identity: identity)
            if try await read(fd: fd, at: index, &state) == .stopped { return .stopped }
            index += 1
        }
        if try await adoptUnseenRotatedFiles(candidates, &state) == .stopped { return .stopped }
        for candidate in candidates where candidate.isMain {
            let followed = state.files.contains {
                $0.identity.device == candidate.device && $0.identity.inode == candidate.inode
            }
            guard !followed, let (fd, _) = openCandidate(candidate) else { continue }
            defer { close(fd) }
            guard let identity = identity(fd: fd, candidate: candidate) else { continue }
            logger.info("following a new file", metadata: ["source": "\(settings.name)", "path": "\(candidate.path)"])
            state.files.append(TailedFile(path: candidate.path, identity: identity))
            if try await read(fd: fd, at: state.files.count - 1, &state) == .stopped { return .stopped }
        }
        return .caughtUp
    }

    /// Follows rotated files that nothing follows yet and that were modified after the previous poll started:
    /// they were created and rotated away unseen (while the agent was stopped, or between two polls). Oldest first.
    func adoptUnseenRotatedFiles(_ candidates: [FileDiscovery.Candidate], _ state: inout PollState) async throws
        -> FileTailer.Outcome
    {
        guard let since = state.since else { return .caughtUp }
        let unseen = candidates.filter { candidate in
            !candidate.isMain && candidate.modified >= since
                && !state.files.contains {
                    $0.identity.device == candidate.device && $0.identity.inode == candidate.inode
                }
        }
        for candidate in unseen.sorted(by: { $0.modified < $1.modified }) {
            guard let (fd, _) = openCandidate(candidate) else { continue }
            defer { close(fd) }
            guard let identity = identity(fd: fd, candidate: candidate),
                !state.files.contains(where: { $0.identity.fingerprint == identity.fingerprint })
            else { continue }
            logger.info(
                "following a rotated file that was never seen", metadata: ["source": "\(settings.name)", "path": "\(candidate.path)"])
            state.files.append(TailedFile(path: candidate.path, identity: identity))
            if try await read(fd: fd, at: state.files.count - 1, &state) == .stopped { return .stopped }
        }
        return .caughtUp
    }

    /// The identity of the open file, or `nil` while it is too short to fingerprint.
    func identity(fd: Int32, candidate: FileDiscovery.Candidate) -> FileIdentity? {
        guard let prefix = FileFingerprint.readPrefix(fd: fd, count: FileFingerprint.maxBytes),
            let (hash, length) = FileFingerprint.compute(prefix: prefix, lines: fingerprintLines)
        else { return nil }
        return FileIdentity(device: candidate.device, inode: candidate.inode, fingerprint: hash, fingerprintLength: length)
    }

    /// Reads the file at `index` of the state from its offset, committing batches with the whole cursor.
    ///
    /// A file that cannot be read is reported (once) and left at its committed state; the other files go on.
    func read(fd: Int32, at index: Int, _ state: inout PollState) async throws -> FileTailer.Outcome {
        let base = state.files
        let since = state.recordedSince
        let path = base[index].path
        var committed = base[index]
        defer { state.files[index] = committed }
        do {
            let outcome = try await tailer.read(
                fd: fd, file: base[index], committed: &committed, shouldStop: { Task.isShuttingDownGracefully }
            ) { batch, updated in
                var next = base
                next[index] = updated
                try await commit(batch, files: next, since: since)
            }
            state.reported.remove("read:\(path)")
            return outcome
        } catch let error as FileSourceError {
            await report(
                "\(error.message); the file is retried at the next poll", key: "read:\(path)", path: path, &state)
            return .caughtUp
        }
    }

    /// Before a truncated file is read again, reads the lines written after the last poll and before the
    /// truncation from the rotated copy (a rotated-name file that starts with the same bytes), under the old
    /// identity, so no line is lost and none gets a new id. The copy is followed from then on, as read to its end,
    /// so it is never taken for a file rotated unseen.
    func recoverFromCopy(
        of index: Int, candidates: [FileDiscovery.Candidate], _ state: inout PollState
    ) async throws -> FileTailer.Outcome {
        let file = state.files[index]
        for candidate in candidates where !candidate.isMain {
            let followed = state.files.contains {
                $0.identity.device == candidate.device && $0.identity.inode == candidate.inode
            }
            guard !followed, let (fd, _) = openCandidate(candidate) else { continue }
            defer { close(fd) }
            let prefix = FileFingerprint.readPrefix(fd: fd, count: file.identity.fingerprintLength) ?? []
            guard prefix.count == file.identity.fingerprintLength,
                FileFingerprint.hash(prefix) == file.identity.fingerprint
            else { continue }
            let base = state.files
            let since = state.recordedSince
            var outcome = FileTailer.Outcome.caughtUp
            if candidate.size > file.offset {
                logger.info(
                    "reading the end of a truncated file from its rotated copy",
                    metadata: ["source": "\(settings.name)", "copy": "\(candidate.path)", "from": "\(file.offset)"])
                var copyState = file
                copyState.path = candidate.path
                var committed = copyState
                defer {
                    committed.path = file.path
                    state.files[index] = committed
                }
                outcome = try await tailer.read(
                    fd: fd, file: copyState, committed: &committed, shouldStop: { Task.isShuttingDownGracefully }
                ) { batch, updated in
                    var kept = updated
                    kept.path = file.path
                    var next = base
                    next[index] = kept
                    try await commit(batch, files: next, since: since)
                }
            }
            if outcome == .caughtUp {
                var identity = file.identity
                identity.device = candidate.device
                identity.inode = candidate.inode
                state.files.append(TailedFile(path: candidate.path, identity: identity, offset: candidate.size))
            }
            return outcome
        }
        return .caughtUp
    }
}
