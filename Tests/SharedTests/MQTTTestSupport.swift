import CrossdockTesting
import Logging
import Shared
import Synchronization
import Testing

/// Runs `body`, failing with a clear message if it takes longer than `seconds`.
func withTimeout<Result: Sendable>(
    _ seconds: Int, _ what: String, _ body: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        guard let first = try await group.next(), let result = first else {
            group.cancelAll()
            throw TimeoutError(description: "\(what) did not finish within \(seconds) s")
        }
        group.cancelAll()
        return result
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    let description: String
}

/// Collects the next `count` messages of a subscription, within `seconds`.
func collect(_ count: Int, from subscription: MQTTSubscription, within seconds: Int = 10) async throws -> [MQTTMessage]
{
    try await withTimeout(seconds, "receiving \(count) messages on \(subscription.topicFilter)") {
        var messages: [MQTTMessage] = []
        for try await message in subscription {
            messages.append(message)
            if messages.count == count { break }
        }
        return messages
    }
}

/// A log handler that keeps what it is given, to assert on log lines.
final class CapturingLogHandler: LogHandler, Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
    }

    private let storage = Mutex<[Entry]>([])
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        storage.withLock { $0.append(Entry(level: event.level, message: event.message.description)) }
    }

    var entries: [Entry] { storage.withLock { $0 } }
}

extension MQTTClient {
    /// A client for `broker` with `identity`'s certificate, connected.
    static func connected(
        to broker: TestBroker, as identity: PKIIdentity? = TestPKI.agentA, logger: Logger = Logger(label: "test.mqtt"),
        adjust: (inout MQTTClientConfiguration) -> Void = { _ in }
    ) async throws -> MQTTClient {
        var configuration = broker.clientConfiguration(identity: identity)
        adjust(&configuration)
        let client = try MQTTClient(configuration: configuration, logger: logger)
        do {
            try await client.connect()
        } catch {
            await client.shutdown()
            throw error
        }
        return client
    }
}

/// Topics of the wire protocol, spelled out: the client takes plain strings.
enum TestTopics {
    static func events(_ agent: String) -> String { "crossdock/v1/acme/dc1/\(agent)/events" }
    static func commands(_ agent: String) -> String { "crossdock/v1/acme/dc1/\(agent)/commands" }
    static func status(_ agent: String) -> String { "crossdock/v1/acme/dc1/\(agent)/status" }
}

/// A thread-safe counter for tests.
final class MQTTTestCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
