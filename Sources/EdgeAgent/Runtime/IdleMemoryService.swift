import Logging
import ServiceLifecycle
import Shared

/// Releases the agent's idle pages (``ResidentMemory/releaseIdlePages()``) whenever it goes quiet: once after start,
/// and again after each burst of capturing or forwarding, so that an agent that idles for months keeps only its
/// working set resident instead of its start-up code or the peak of its last drain.
///
/// Quiet means the outbox's last sequence and backlog did not change for ``MemorySettings/quietPeriod``. A release
/// happens once per quiet spell, and again every ``repeatInterval`` of a long one (a reconnect, say, brings TLS code
/// back); it costs about 10 ms.
public struct IdleMemoryService: Service {
    private let outbox: Outbox
    private let quietPeriod: Duration
    private let logger: Logger
    /// How often a long quiet spell releases again.
    public static let repeatInterval = Duration.seconds(600)

    /// Creates the service.
    public init(outbox: Outbox, quietPeriod: Duration, logger: Logger = Logger(label: "crossdock.agent.memory")) {
        self.outbox = outbox
        self.quietPeriod = quietPeriod
        self.logger = logger
    }

    public func run() async throws {
        var previous: Outbox.ActivityMark?
        var releasedAt: Outbox.ActivityMark?
        var lastRelease = ContinuousClock.now
        while (try? await cancelWhenGracefulShutdown({ try await Task.sleep(for: quietPeriod) })) != nil {
            let mark = await outbox.activityMark()
            defer { previous = mark }
            guard mark == previous, mark != releasedAt || ContinuousClock.now - lastRelease >= Self.repeatInterval
            else { continue }
            let started = ContinuousClock.now
            let release = ResidentMemory.releaseIdlePages()
            let took = ContinuousClock.now - started
            // The first release (after start) is worth a line at info: it says what the agent idles at.
            logger.log(
                level: releasedAt == nil ? .info : .debug, "released idle pages",
                metadata: [
                    "resident_before": "\(Self.text(release.residentBefore))",
                    "resident_after": "\(Self.text(release.residentAfter))",
                    "file_pages": "\(ByteCountText.format(Int64(release.releasedFileBytes)))",
                    "mappings": "\(release.mappings)",
                    "took_ms": "\(took.millisecondsValue)",
                ])
            releasedAt = mark
            lastRelease = ContinuousClock.now
        }
    }

    private static func text(_ bytes: Int?) -> String {
        bytes.map { ByteCountText.format(Int64($0)) } ?? "unknown"
    }
}
