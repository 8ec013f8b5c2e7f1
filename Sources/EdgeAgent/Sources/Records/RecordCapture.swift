import WireProtocol

/// Turns records into captured events with deterministic ids, or into quarantined records with their location
/// and the reason; a failed record never stops the ones after it.
struct RecordCapture: Sendable {
    /// The source's configured name.
    let sourceName: String
    /// The `source` attribute of the events (`/acme/dc1/agent-1/file/orders`).
    let sourceURI: String
    /// How records become events.
    let mapping: RecordMapping

    /// The events and quarantined records of one commit.
    struct Batch {
        var events: [CapturedEvent] = []
        var quarantined: [QuarantinedRecord] = []
        var count: Int { events.count + quarantined.count }
        var isEmpty: Bool { events.isEmpty && quarantined.isEmpty }
    }

    /// Maps `record` into `batch`: an event with `id`, or a quarantined record at `location`.
    func capture(
        _ record: MappingRecord, id: String, location: @autoclosure () -> String, raw: @autoclosure () -> [UInt8],
        now: ZonedDateTime,
        into batch: inout Batch
    ) {
        do {
            let mapped = try mapping.map(record)
            batch.events.append(
                CapturedEvent(
                    id: id, source: sourceURI, type: mapped.type, subject: mapped.subject, time: mapped.time ?? now,
                    correlationID: mapped.correlationID, data: mapped.data))
        } catch {
            batch.quarantined.append(
                QuarantinedRecord(source: sourceName, location: location(), reason: error.message, raw: raw()))
        }
    }

    /// Quarantines bytes that are not a record.
    func reject(reason: String, location: String, raw: [UInt8], into batch: inout Batch) {
        batch.quarantined.append(QuarantinedRecord(source: sourceName, location: location, reason: reason, raw: raw))
    }
}
