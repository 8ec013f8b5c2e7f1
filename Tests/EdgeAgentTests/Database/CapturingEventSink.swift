import EdgeAgent
import WireProtocol

/// An in-memory ``EventSink`` for source and command tests: keeps every append, like the outbox would, with the
/// cursor replaced atomically together with the events.
actor CapturingEventSink: EventSink {
    private(set) var events: [CapturedEvent] = []
    private(set) var quarantined: [QuarantinedRecord] = []
    private(set) var appendCount = 0
    private var cursors: [String: SourceCursor] = [:]

    func append(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor) async throws {
        self.events += events
        self.quarantined += quarantined
        cursors[cursor.source] = cursor
        appendCount += 1
    }

    func cursor(for source: String) async throws -> SourceCursor? {
        cursors[source]
    }

    /// The subjects of the captured events, in capture order.
    var subjects: [String] { events.compactMap(\.subject) }
}
