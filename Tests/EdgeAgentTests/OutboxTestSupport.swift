@testable import EdgeAgent
import CrossdockTesting
import Shared
import Testing
import WireProtocol

/// Events, identities and outboxes for the outbox and forwarder tests.
enum OutboxFixture {
    static let identity = try! AgentIdentity(tenant: "acme", site: "dc1", agent: "agent-a")
    static let source = "/acme/dc1/agent-a/file/orders"

    /// A captured event numbered `number`, with `padding` bytes of payload.
    static func event(_ number: Int, source: String = source, padding: Int = 200) -> CapturedEvent {
        CapturedEvent(
            id: "orders.csv:\(number)", source: source, type: EventType(noun: "test", verb: "recorded"), subject: "SO-\(number)",
            time: ZonedDateTime("2026-11-27T10:00:00Z")!, correlationID: "SO-\(number)",
            data: ["order": .string("SO-\(number)"), "pad": .string(String(repeating: "x", count: padding))])
    }

    /// Events `range`, numbered.
    static func events(_ range: ClosedRange<Int>, padding: Int = 200) -> [CapturedEvent] {
        range.map { event($0, padding: padding) }
    }

    /// A cursor at `offset`.
    static func cursor(_ offset: Int, source: String = "orders") -> SourceCursor {
        SourceCursor(source: source, position: ["offset": .number(DecimalNumber(Int64(offset)))])
    }

    /// Opens an outbox at `directory/outbox.sqlite`.
    static func open(_ directory: String, quota: Int64 = 1 << 30, recheck: Duration = .milliseconds(200))
        throws -> Outbox
    {
        try Outbox(
            path: directory + "/outbox.sqlite", identity: identity,
            options: Outbox.Options(quotaBytes: quota, recheckInterval: recheck))
    }

    /// Every stored record, decoded.
    static func storedEvents(_ outbox: Outbox) async throws -> [CloudEvent] {
        try await outbox.records(after: 0, limit: 10_000_000, maxBytes: .max).map {
            try CloudEvent(jsonBytes: $0.body)
        }
    }
}
