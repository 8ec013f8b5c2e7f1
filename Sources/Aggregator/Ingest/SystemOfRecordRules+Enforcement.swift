import WireProtocol

extension SystemOfRecordRules {
    /// The batch with every event its agent may not publish moved to its exceptions.
    ///
    /// Ingest applies this to every decoded MQTT batch: an event whose type the publishing agent's origin
    /// (``origin(of:)``) may not publish becomes an exception with reason `system-of-record` and a message naming the
    /// rule. It is acknowledged as an exception, like any invalid event, so the agent stops resending it; it is not
    /// stored as an event, starts no job and changes no order state.
    public func enforce(_ batch: IngestBatch, maxExceptionBytes: Int = 256 << 10) -> IngestBatch {
        guard let identity = batch.identity, !batch.events.isEmpty else { return batch }
        let origin = origin(of: identity)
        // By index: iterating would copy every event of every batch to read its type.
        guard !batch.events.indices.allSatisfy({ allows(type: batch.events[$0].event.type, origin: origin) }) else {
            return batch
        }
        var result = batch
        var kept: [IncomingEvent] = []
        for incoming in batch.events {
            let event = incoming.event
            guard let message = violation(type: event.type, origin: origin, publisher: "agent \(identity)") else {
                kept.append(incoming)
                continue
            }
            result.exceptions.append(
                IngestException(
                    reason: .systemOfRecord,
                    problems: [ValidationProblem(path: JSONPath.root.appending("type"), message: message)],
                    sequence: event.sequence, source: event.source, eventID: event.id, type: event.type.rawValue,
                    raw: Array(incoming.raw.prefix(max(0, maxExceptionBytes))), rawSize: incoming.raw.count,
                    dedupKey: "event \(batch.topic) \(event.sequence) \(event.idempotencyKey)"))
        }
        result.events = kept
        return result
    }
}
