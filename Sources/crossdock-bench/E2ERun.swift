import CrossdockTesting
import Shared

/// The measured phases of `crossdock-bench e2e` on a running ``E2ECluster``: records are written to the files the
/// agents tail, and a phase ends when the aggregator's store holds every event and every outbox is empty (each
/// event acknowledged back to its agent and deleted).
struct E2ERun {
    let cluster: E2ECluster
    let writer: E2ERecordWriter
    let watcher: E2EStoreWatcher
    let timeout: Duration
    private let clock = ContinuousClock()

    init(cluster: E2ECluster, timeout: Duration) throws {
        self.cluster = cluster
        self.writer = E2ERecordWriter(files: cluster.agents.map(\.records))
        self.watcher = try E2EStoreWatcher(path: cluster.storePath)
        self.timeout = timeout
    }

    /// Unlimited rate: the time from the first record written until the last is stored and every outbox is empty.
    func throughput(events: Int) async throws -> E2EReport.Throughput {
        let base = try watcher.storedCount()
        let cpuStart = cluster.cpuSeconds()
        let benchStart = IngestRun.processCPUSeconds()
        let start = clock.now
        let writer = self.writer
        let writing = Task { try writer.writeAll(phase: "rate", count: events) }
        let end = try await waitUntilDelivered(stored: base + Int64(events), deadline: start + timeout)
        try await writing.value
        guard let end else { throw BenchmarkError("throughput: \(try progress(base: base, of: events))") }
        let seconds = (end - start).secondsValue
        let cpu = cluster.cpuSeconds() - cpuStart
        return E2EReport.Throughput(
            events: events, seconds: seconds, eventsPerSecond: Double(events) / seconds, processCPUSeconds: cpu,
            benchCPUSeconds: IngestRun.processCPUSeconds() - benchStart,
            cpuMicrosecondsPerEvent: cpu * 1e6 / Double(events))
    }

    /// Records written at `rate` per second; each one's latency is from its write until a read of the store that
    /// started after its commit (the store is read every `pollInterval`).
    func latency(events: Int, rate: Double, pollInterval: Duration = .milliseconds(2)) async throws
        -> E2EReport.Latency
    {
        var last = try watcher.storedCount()
        let base = last
        let writer = self.writer
        let writing = Task { try await writer.writePaced(phase: "lat", count: events, rate: rate) }
        var visible = [ContinuousClock.Instant?](repeating: nil, count: events)
        var seen = 0
        var receiveLatencies: [Double] = []
        let deadline = clock.now + .seconds(Double(events) / rate) + timeout
        while seen < events, clock.now < deadline {
            // Rows committed before this read's snapshot are visible to it: the read's start bounds their commit.
            let read = clock.now
            for row in try watcher.rows(after: last) {
                last = row.storeSequence
                guard row.subject.hasPrefix("lat-"), let number = Int(row.subject.dropFirst(4)), number < events,
                    visible[number] == nil
                else { continue }
                visible[number] = read
                seen += 1
                receiveLatencies.append(Double(row.receivedAtMilliseconds - row.writtenAtMilliseconds))
            }
            try await Task.sleep(for: pollInterval)
        }
        let written = try await writing.value
        guard seen == events else {
            throw BenchmarkError("latency: \(seen) of \(events) events stored before the timeout")
        }
        // Let the last acks reach the outboxes before the next phase.
        guard try await waitUntilDelivered(stored: base + Int64(events), deadline: clock.now + timeout) != nil else {
            throw BenchmarkError("latency: the outboxes did not empty; \(try progress(base: base, of: events))")
        }
        let latencies = zip(visible, written).compactMap { seenAt, writtenAt in
            seenAt.map { ($0 - writtenAt).secondsValue * 1_000 }
        }
        return E2EReport.Latency(
            events: events, rate: rate, pollMilliseconds: pollInterval.secondsValue * 1_000,
            visible: E2EReport.Percentiles(latencies), received: E2EReport.Percentiles(receiveLatencies))
    }

    /// With the broker stopped, `events` records are written and captured into the outboxes; then the broker
    /// starts again and the time until the store holds them all and every outbox is empty is the drain time.
    func backlog(events: Int, brokerStopped: () async -> Void) async throws -> E2EReport.Backlog {
        let base = try watcher.storedCount()
        await brokerStopped()
        let captureStart = clock.now
        try writer.writeAll(phase: "drain", count: events)
        var captured: UInt64 = 0
        while captured < UInt64(events), clock.now < captureStart + timeout {
            if let reason = cluster.exitedProcess() { throw BenchmarkError("backlog: \(reason)") }
            captured = cluster.outboxBacklog() ?? 0
            if captured < UInt64(events) { try await Task.sleep(for: .milliseconds(50)) }
        }
        let captureSeconds = (clock.now - captureStart).secondsValue
        guard captured >= UInt64(events) else {
            throw BenchmarkError("backlog: \(captured) of \(events) events captured before the timeout")
        }
        let start = clock.now
        try await cluster.broker.start()
        let end = try await waitUntilDelivered(stored: base + Int64(events), deadline: start + timeout)
        guard let end else { throw BenchmarkError("backlog drain: \(try progress(base: base, of: events))") }
        let seconds = (end - start).secondsValue
        return E2EReport.Backlog(
            events: events, captureSeconds: captureSeconds, drainSeconds: seconds,
            eventsPerSecond: Double(events) / seconds)
    }

    /// A few records per agent through the whole path, so that every process is connected and warm.
    func warmUp(events: Int) async throws {
        let base = try watcher.storedCount()
        try writer.writeAll(phase: "warm", count: events)
        guard try await waitUntilDelivered(stored: base + Int64(events), deadline: clock.now + timeout) != nil else {
            throw BenchmarkError("warm-up: \(try progress(base: base, of: events))")
        }
    }

    /// Waits until the store holds `stored` events and then until every outbox is empty; the instant both held,
    /// or `nil` at the deadline. Throws if a process exits.
    private func waitUntilDelivered(stored: Int64, deadline: ContinuousClock.Instant) async throws
        -> ContinuousClock.Instant?
    {
        while clock.now < deadline {
            if try watcher.storedCount() >= stored { break }
            if let reason = cluster.exitedProcess() { throw BenchmarkError(reason) }
            try await Task.sleep(for: .milliseconds(5))
        }
        while clock.now < deadline {
            if cluster.outboxBacklog() == 0 { return clock.now }
            if let reason = cluster.exitedProcess() { throw BenchmarkError(reason) }
            try await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    private func progress(base: Int64, of events: Int) throws -> String {
        "\(try watcher.storedCount() - base) of \(events) events stored, "
            + "\(cluster.outboxBacklog().map(String.init) ?? "?") left in the outboxes when the run timed out"
    }
}
