#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import WireProtocol

/// Reads one followed file from its committed offset to its last complete record, in large chunks, and hands
/// the records over in batches together with the file's new state.
///
/// A read goes no further than the file's size when it began: a file that keeps growing is read in passes that
/// each end, and commit, at that size; what was appended meanwhile is the next poll's. (Chasing the end instead
/// would never commit a partial batch while every chunk finds a new line.) A chunk costs what it reads, not
/// ``chunkBytes``.
///
/// A record's event id is ``EventIDBuilder/fileRecord(fileIdentity:offset:index:)`` of the file's identity and
/// the record's start offset, so reading the same bytes again yields the same ids. A last line without its
/// newline is left for the next read.
struct FileTailer {
    let capture: RecordCapture
    let format: RecordFormat
    let batchSize: Int
    let chunkBytes: Int

    /// How a read ended.
    enum Outcome {
        /// Everything complete up to the file's size when the read began was committed.
        case caughtUp
        /// A graceful shutdown was requested; everything read so far was committed.
        case stopped
    }

    /// Reads the open file `fd` as `file`, calling `commit` with each batch and the file's state after it.
    ///
    /// Commits run one at a time, in order, but overlap with reading and mapping the next batch (the outbox's
    /// transaction and the parsing use different cores). `committed` always holds the state last known durable.
    func read(
        fd: Int32, file: TailedFile, committed: inout TailedFile, shouldStop: () -> Bool,
        commit: @escaping @Sendable (RecordCapture.Batch, TailedFile) async throws -> Void
    ) async throws -> Outcome {
        var decoder = RecordDecoder(format: format, header: file.header)
        var info = stat()
        let limit = fstat(fd, &info) == 0 ? UInt64(info.st_size) : UInt64.max
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkBytes)
        defer { scratch.deallocate() }
        var state = file
        var buffer: [UInt8] = []
        buffer.reserveCapacity(chunkBytes)
        var bufferOffset = file.offset
        var position = 0
        var batch = RecordCapture.Batch()
        let idText = file.identity.idText
        let now = ZonedDateTime.now()
        var pending: (task: Task<Void, any Error>, state: TailedFile)?
        do {
            while true {
                let full = buffer.withUnsafeBufferPointer { bytes -> Bool in
                    while batch.count < batchSize {
                        let step = decoder.next(bytes, from: position, fileOffset: bufferOffset, isFinal: false)
                        switch step {
                        case .incomplete:
                            return false
                        case .skipped(let end, let newlines):
                            position = end
                            state.line += newlines
                        case .record(let record, let start, let end, let newlines):
                            let offset = bufferOffset + UInt64(start)
                            capture.capture(
                                record, id: EventIDBuilder.fileRecord(fileIdentity: idText, offset: offset),
                                location: "\(state.path):\(state.line)", raw: Array(bytes[start..<end]), now: now,
                                into: &batch)
                            position = end
                            state.line += newlines
                        case .invalid(let reason, let start, let end, let newlines):
                            capture.reject(
                                reason: reason, location: "\(state.path):\(state.line)", raw: Array(bytes[start..<end]),
                                into: &batch)
                            position = end
                            state.line += newlines
                        }
                        state.offset = bufferOffset + UInt64(position)
                    }
                    return true
                }
                state.header = decoder.header?.names
                if full {
                    if let previous = pending {
                        try await previous.task.value
                        committed = previous.state
                        pending = nil
                    }
                    let toCommit = batch
                    let snapshot = state
                    pending = (Task { try await commit(toCommit, snapshot) }, snapshot)
                    batch = RecordCapture.Batch()
                    if shouldStop() {
                        if let last = pending {
                            try await last.task.value
                            committed = last.state
                            pending = nil
                        }
                        return .stopped
                    }
                    continue
                }
                buffer.removeFirst(position)
                bufferOffset += UInt64(position)
                position = 0
                let next = bufferOffset + UInt64(buffer.count)
                guard next < limit else { break }
                let count = Int(min(UInt64(chunkBytes), limit - next))
                let got = try readChunk(
                    fd: fd, into: &buffer, through: scratch, count: count, at: next, path: state.path)
                if got == 0 { break }
            }
            if let last = pending {
                try await last.task.value
                committed = last.state
                pending = nil
            }
            if !batch.isEmpty || state != committed {
                try await commit(batch, state)
                committed = state
            }
            return .caughtUp
        } catch {
            // Nothing may land after the caller hears of the failure: wait for the commit under way.
            if let last = pending, (try? await last.task.value) != nil {
                committed = last.state
            }
            throw error
        }
    }

    /// Appends up to `count` bytes (at most `scratch.count`) read at `offset` through `scratch`; returns how many.
    ///
    /// Only the bytes read are copied: zero-filling a whole chunk per read (and trimming it after) cost hundreds of
    /// milliseconds per read in a debug build, longer than a line every 200 ms takes to arrive.
    private func readChunk(
        fd: Int32, into buffer: inout [UInt8], through scratch: UnsafeMutableBufferPointer<UInt8>, count: Int,
        at offset: UInt64, path: String
    ) throws(FileSourceError) -> Int {
        while true {
            let n = pread(fd, scratch.baseAddress!, min(count, scratch.count), off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSourceError(
                    .unreadable, "cannot read \(path) at offset \(offset): \(String(cString: strerror(errno)))")
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<n]))
            return n
        }
    }
}
