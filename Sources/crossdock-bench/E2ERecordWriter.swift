#if canImport(Glibc)
    import Glibc
#endif

/// Appends the records the agents capture, as JSON lines, to the files they tail: record `k` of a phase goes to
/// agent `k % N`. A record is an inventory adjustment whose `at` is the wall-clock millisecond it was written.
struct E2ERecordWriter: Sendable {
    let files: [String]

    /// The line of record `number` of `phase`; its subject (`n`) is `<phase>-<number>`.
    static func line(phase: String, number: Int, writtenAtMilliseconds: Int64) -> String {
        "{\"n\":\"\(phase)-\(number)\",\"sku\":\"SKU-\(number % 1_000)\",\"qty\":-2,\"at\":\(writtenAtMilliseconds)}\n"
    }

    /// Milliseconds since 1970 by the wall clock (the clock the aggregator stamps `received_at_ms` with).
    static func wallClockMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }

    /// Writes `count` records as fast as the files take them, in appends of `chunk` records per file.
    func writeAll(phase: String, count: Int, chunk: Int = 10_000) throws {
        var next = 0
        while next < count {
            let upTo = min(count, next + chunk * files.count)
            try append(phase: phase, records: next..<upTo)
            next = upTo
        }
    }

    /// Writes `count` records at `rate` records per second; returns the instant each record was written.
    ///
    /// Every millisecond or so, the records due by then are appended (one `write` per file); a record's instant is
    /// taken just before its append.
    func writePaced(phase: String, count: Int, rate: Double) async throws -> [ContinuousClock.Instant] {
        let clock = ContinuousClock()
        let start = clock.now
        var written: [ContinuousClock.Instant] = []
        written.reserveCapacity(count)
        while written.count < count {
            let due = min(count, Int((clock.now - start).secondsValue * rate) + 1)
            if due > written.count {
                let instant = clock.now
                try append(phase: phase, records: written.count..<due)
                written.append(contentsOf: repeatElement(instant, count: due - written.count))
            }
            try await Task.sleep(for: .microseconds(500))
        }
        return written
    }

    private func append(phase: String, records: Range<Int>) throws {
        let milliseconds = Self.wallClockMilliseconds()
        for (index, path) in files.enumerated() {
            var text = ""
            for number in records where number % files.count == index {
                text += Self.line(phase: phase, number: number, writtenAtMilliseconds: milliseconds)
            }
            if !text.isEmpty { try Self.append(text, to: path) }
        }
    }

    private static func append(_ text: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw BenchmarkError("cannot open \(path): errno \(errno)") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard count > 0 else { throw BenchmarkError("cannot write \(path): errno \(errno)") }
            offset += count
        }
    }
}
