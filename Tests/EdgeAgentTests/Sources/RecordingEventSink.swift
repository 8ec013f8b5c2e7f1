import EdgeAgent
import WireProtocol

/// An in-memory ``EventSink`` for the sources' pure-logic tests: it keeps every commit, and can be told to fail a
/// commit (as a crash between reading and committing would leave things).
actor RecordingEventSink: EventSink {
    private(set) var events: [CapturedEvent] = []
    private(set) var quarantined: [QuarantinedRecord] = []
    private(set) var cursors: [String: SourceCursor] = [:]
    private(set) var appendCount = 0
    /// Fail the commit with this number (1-based), once.
    var failingAppend: Int?

    struct InjectedCrash: Error {}

    func append(_ events: [CapturedEvent], quarantined: [QuarantinedRecord], cursor: SourceCursor) async throws {
        appendCount += 1
        if failingAppend == appendCount {
            failingAppend = nil
            throw InjectedCrash()
        }
        self.events += events
        self.quarantined += quarantined
        cursors[cursor.source] = cursor
    }

    func cursor(for source: String) async throws -> SourceCursor? {
        cursors[source]
    }

    func failAppend(number: Int) {
        failingAppend = appendCount + number
    }

    /// The `shipmentNumber` of every event's data, in commit order.
    var numbers: [String] {
        events.compactMap { $0.data?["shipmentNumber"]?.stringValue }
    }
}
