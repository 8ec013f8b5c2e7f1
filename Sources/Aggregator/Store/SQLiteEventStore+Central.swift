import Foundation
import Shared
import WireProtocol

/// Events the aggregator originates itself: numbered per origin and stored like an agent's.
extension SQLiteEventStore {
    public func appendCentral(_ events: [CloudEvent]) async throws -> [CentralAppendResult] {
        let planner = self.planner
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        return try await withDatabase { database in
            try database.write { database throws(SQLiteError) -> [CentralAppendResult] in
                var writer = BatchWriter(database: database, planner: planner, nowMilliseconds: nowMilliseconds)
                var next: [AgentIdentity: UInt64] = [:]
                var results: [CentralAppendResult] = []
                results.reserveCapacity(events.count)
                for var event in events {
                    if let existing = try Self.storeSequence(source: event.source, id: event.id, in: database) {
                        results.append(.duplicate(storeSequence: existing))
                        continue
                    }
                    var sequence = next[event.identity] ?? 0
                    if sequence == 0 { sequence = try Self.nextSequence(for: event.identity, in: database) }
                    next[event.identity] = sequence + 1
                    event.sequence = sequence
                    let batch = IngestBatch(
                        topic: "central:\(event.identity)", identity: event.identity,
                        receivedAtMilliseconds: nowMilliseconds, events: [IncomingEvent(event: event)], exceptions: [])
                    _ = try writer.write(batch)
                    let stored = try Self.storeSequence(source: event.source, id: event.id, in: database) ?? 0
                    results.append(.stored(sequence: sequence, storeSequence: stored))
                }
                try writer.updateAgents()
                return results
            }
        }
    }

    private static func storeSequence(source: String, id: String, in database: SQLiteConnection) throws(SQLiteError)
        -> Int64?
    {
        try database.rows("SELECT store_seq FROM events WHERE source = ?1 AND id = ?2", [.text(source), .text(id)])
            .first?[0].integer
    }

    private static func nextSequence(for identity: AgentIdentity, in database: SQLiteConnection) throws(SQLiteError)
        -> UInt64
    {
        let key: [SQLiteValue] = [.text(identity.tenant), .text(identity.site), .text(identity.agent)]
        guard let text = try database.rows(selectAgent, key).first?[0].text,
            let last = SequenceRangeSet(storedText: text).ranges.last?.upperBound
        else { return 1 }
        return last + 1
    }
}
