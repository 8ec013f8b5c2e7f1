#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import WireProtocol

extension FolderSource {
    /// Captures the records of a CSV, JSON-lines or JSON file, committing every ``FolderSourceSettings/batchSize``
    /// records with the offset reached, and resuming from the committed offset after a restart.
    func captureRecords(_ name: String, hash: String, format: RecordFormat, _ state: inout PollState) async throws {
        guard let mapping = settings.mapping else {
            try await reject(name, hash: hash, reasons: ["\(name): the source has no mapping for \(format) files"], &state)
            return
        }
        let capture = RecordCapture(sourceName: settings.name, sourceURI: sourceURI, mapping: mapping)
        let identity = "sha256-" + hash.prefix(32)
        let location = settings.processing + "/" + name
        var flight = state.cursor.inFlight.flatMap { $0.hash == hash ? $0 : nil }
            ?? FolderSourceCursor.InFlight(name: name, hash: hash, offset: 0, line: 1, header: nil)
        if flight.offset > 0 {
            logger.info(
                "resuming a file captured in part before a restart",
                metadata: ["source": "\(settings.name)", "file": "\(name)", "offset": "\(flight.offset)"])
        }
        let now = ZonedDateTime.now()
        var batch = RecordCapture.Batch()

        if case .json = format {
            let elements: [JSONValue]
            do {
                let bytes = try FolderFiles.read(location)
                let value = try JSONValue.parse(bytes, limits: JSONLimits(maxBytes: bytes.count + 1, maxDepth: 64))
                elements = value.arrayValue ?? [value]
            } catch {
                try await reject(name, hash: hash, reasons: ["\(location): not valid JSON: \(error)"], &state)
                return
            }
            for index in Int(flight.offset)..<elements.count {
                let id = EventIDBuilder.fileRecord(fileIdentity: identity, offset: 0, index: index)
                let place = "\(location)[\(index)]"
                if let object = elements[index].objectValue {
                    capture.capture(.json(object), id: id, location: place, raw: elements[index].encoded(), now: now, into: &batch)
                } else {
                    capture.reject(
                        reason: "expected a JSON object, found \(elements[index].kindDescription)", location: place,
                        raw: elements[index].encoded(), into: &batch)
                }
                flight.offset = UInt64(index + 1)
                if batch.count >= settings.batchSize, index + 1 < elements.count {
                    state.cursor.inFlight = flight
                    try await commit(batch.events, batch.quarantined, state.cursor)
                    batch = RecordCapture.Batch()
                    if Task.isShuttingDownGracefully { return }
                }
            }
        } else {
            // Streamed in chunks from the committed offset, so a large file never sits in memory whole.
            let fd = open(location, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else {
                try await reject(name, hash: hash, reasons: ["cannot open \(location): \(String(cString: strerror(errno)))"], &state)
                return
            }
            defer { close(fd) }
            var decoder = RecordDecoder(format: format, header: flight.header)
            var buffer: [UInt8] = []
            var bufferOffset = flight.offset
            var position = 0
            var atEnd = false
            while true {
                let full = buffer.withUnsafeBufferPointer { bytes -> Bool in
                    while position < bytes.count {
                        let step = decoder.next(bytes, from: position, fileOffset: bufferOffset, isFinal: atEnd)
                        switch step {
                        case .incomplete:
                            return false
                        case .skipped(let end, let newlines):
                            position = end
                            flight.line += newlines
                        case .record(let record, let start, let end, let newlines):
                            capture.capture(
                                record,
                                id: EventIDBuilder.fileRecord(fileIdentity: identity, offset: bufferOffset + UInt64(start)),
                                location: "\(location):\(flight.line)", raw: Array(bytes[start..<end]), now: now,
                                into: &batch)
                            position = end
                            flight.line += newlines
                        case .invalid(let reason, let start, let end, let newlines):
                            capture.reject(
                                reason: reason, location: "\(location):\(flight.line)", raw: Array(bytes[start..<end]),
                                into: &batch)
                            position = end
                            flight.line += newlines
                        }
                        flight.offset = bufferOffset + UInt64(position)
                        if batch.count >= settings.batchSize { return true }
                    }
                    return false
                }
                flight.header = decoder.header?.names
                if full {
                    state.cursor.inFlight = flight
                    try await commit(batch.events, batch.quarantined, state.cursor)
                    batch = RecordCapture.Batch()
                    if Task.isShuttingDownGracefully { return }
                    continue
                }
                if atEnd { break }
                buffer.removeFirst(position)
                bufferOffset += UInt64(position)
                position = 0
                var chunk = [UInt8](repeating: 0, count: 1 << 20)
                let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(bufferOffset) + off_t(buffer.count)) }
                if n < 0 {
                    throw FileSourceError(.unreadable, "cannot read \(location): \(String(cString: strerror(errno)))")
                }
                if n == 0 { atEnd = true } else { buffer += chunk[0..<n] }
            }
            if case .csv = format, decoder.header == nil {
                try await reject(name, hash: hash, reasons: ["\(location): the CSV file has no header row"], &state)
                return
            }
        }
        state.cursor.inFlight = nil
        state.cursor.remember(.init(hash: hash, name: name, rejection: nil), interchanges: [], limit: settings.remembered)
        try await commit(batch.events, batch.quarantined, state.cursor)
        let archived = try FolderFiles.move(name, from: settings.processing, to: settings.archive)
        logger.info(
            "file captured and archived",
            metadata: [
                "source": "\(settings.name)", "file": "\(settings.archive)/\(archived)",
                "events": "\(batch.events.count)", "quarantined": "\(batch.quarantined.count)",
            ])
    }
}
