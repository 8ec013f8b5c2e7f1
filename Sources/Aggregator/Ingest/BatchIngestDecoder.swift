import Shared
import WireProtocol

/// Turns one MQTT message from an `…/events` topic into an ``IngestBatch``: every event read and checked, every
/// failure kept as an ``IngestException`` with all its problems. Never throws: bad input is data, not an error.
///
/// Checks, per event: the envelope and, for known types, `data` (``CloudEventBatch/decodeEach(_:options:)``); that
/// `tenant`/`site`/`agent` equal the topic's (an agent may publish only for itself: a mismatch is reason
/// `identity-mismatch`, taking precedence over other problems of the same event); and that a `com.crossdock.` type
/// is one this build knows (see ``UnknownEventTypePolicy``).
///
/// A message that is not a readable batch (not UTF-8, not JSON, not an array, too large, too deep) becomes one
/// exception of reason `unreadable-batch` with its first bytes: it has no readable sequence numbers, so it cannot be
/// acknowledged; the publishing agent keeps the events and sends them again, and each repeat of the same bytes only
/// increments the stored exception's occurrence count.
public struct BatchIngestDecoder: Sendable {
    /// Limits and checks for events; ``CloudEventDecodingOptions/expectedIdentity`` is set per message.
    public var options: CloudEventDecodingOptions
    /// What to do with unknown `com.crossdock.` types.
    public var unknownEventTypes: UnknownEventTypePolicy
    /// How many bytes of an invalid event or unreadable message are kept.
    public var maxExceptionBytes: Int

    /// Creates a decoder.
    public init(
        options: CloudEventDecodingOptions = CloudEventDecodingOptions(),
        unknownEventTypes: UnknownEventTypePolicy = .exception, maxExceptionBytes: Int = 256 << 10
    ) {
        self.options = options
        self.unknownEventTypes = unknownEventTypes
        self.maxExceptionBytes = max(0, maxExceptionBytes)
    }

    /// Reads one message.
    public func decode(topic topicName: String, payload: [UInt8], receivedAtMilliseconds: Int64) -> IngestBatch {
        var batch = IngestBatch(
            topic: topicName, identity: nil, receivedAtMilliseconds: receivedAtMilliseconds, events: [],
            exceptions: [])
        let topic: Topic
        do {
            topic = try Topic(parsing: topicName)
            guard topic.channel == .events else {
                throw WireProtocolError(
                    code: .invalidTopic,
                    message: "topic \"\(topicName)\" is not an events topic; events go to …/events")
            }
        } catch {
            batch.exceptions.append(wholeMessage(.invalidTopic, error.problems, topic: topicName, payload: payload))
            return batch
        }
        batch.identity = topic.identity
        var options = self.options
        options.expectedIdentity = topic.identity
        let result: BatchDecodingResult
        do {
            result = try CloudEventBatch.decodeEach(payload, options: options)
        } catch {
            batch.exceptions.append(wholeMessage(.unreadableBatch, error.problems, topic: topicName, payload: payload))
            return batch
        }
        batch.events.reserveCapacity(result.events.count)
        // Each event is stored as received, cut out of the payload where the parser found it.
        let spans: [Range<Int>]? =
            result.elementSpans.count == result.events.count + result.rejected.count ? result.elementSpans : nil
        var rejected = result.rejected.makeIterator()
        var nextRejected = rejected.next()
        var valid = result.events.makeIterator()
        for index in 0..<(result.events.count + result.rejected.count) {
            if let candidate = nextRejected, candidate.index == index {
                let raw = spans.map { Array(payload[$0[index]]) } ?? candidate.raw.encoded()
                batch.exceptions.append(exception(for: candidate, raw: raw, topic: topic))
                nextRejected = rejected.next()
            } else if let event = valid.next() {
                if let problem = unknownTypeProblem(event, index: index) {
                    let raw = event.encoded()
                    batch.exceptions.append(
                        IngestException(
                            reason: .unknownEventType, problems: [problem], sequence: event.sequence,
                            source: event.source, eventID: event.id, type: event.type.rawValue,
                            raw: Array(raw.prefix(maxExceptionBytes)), rawSize: raw.count,
                            dedupKey: "event \(topicName) \(event.sequence) \(event.idempotencyKey)"))
                } else {
                    batch.events.append(IncomingEvent(event: event, raw: spans.map { Array(payload[$0[index]]) }))
                }
            }
        }
        return batch
    }

    private func unknownTypeProblem(_ event: CloudEvent, index: Int) -> ValidationProblem? {
        guard unknownEventTypes == .exception, event.type.rawValue.hasPrefix(EventType.crossdockPrefix),
            !event.type.isKnown
        else { return nil }
        return ValidationProblem(
            path: JSONPath.root.appending(index).appending("type"),
            message:
                "unknown crossdock event type \(event.type); this aggregator knows "
                + "\(EventType.known.count) com.crossdock types (see docs/wire-protocol.md): fix the type, or upgrade "
                + "the aggregator for a newer version (ingest.unknown_event_types: store keeps such events)")
    }

    private func exception(for rejected: RejectedEvent, raw: [UInt8], topic: Topic) -> IngestException {
        let claimed = ["tenant", "site", "agent"].map { rejected.raw[$0]?.stringValue }
        let expected = [topic.identity.tenant, topic.identity.site, topic.identity.agent]
        let mismatch = zip(claimed, expected).contains { claimed, expected in claimed.map { $0 != expected } ?? false }
        let dedupKey: String
        if let sequence = rejected.sequence, let source = rejected.source, let id = rejected.id {
            dedupKey = "event \(topic.name) \(sequence) \(source) \(id)"
        } else {
            dedupKey = "event \(topic.name) fnv1a:\(Self.fingerprint(raw)):\(raw.count)"
        }
        return IngestException(
            reason: mismatch ? .identityMismatch : .invalidEvent, problems: rejected.problems,
            sequence: rejected.sequence, source: rejected.source, eventID: rejected.id, type: rejected.type,
            raw: Array(raw.prefix(maxExceptionBytes)), rawSize: raw.count, dedupKey: dedupKey)
    }

    private func wholeMessage(
        _ reason: ExceptionReason, _ problems: [ValidationProblem], topic: String, payload: [UInt8]
    ) -> IngestException {
        IngestException(
            reason: reason, problems: problems, sequence: nil, source: nil, eventID: nil, type: nil,
            raw: Array(payload.prefix(maxExceptionBytes)), rawSize: payload.count,
            dedupKey: "message \(topic) fnv1a:\(Self.fingerprint(payload)):\(payload.count)")
    }

    /// The 64-bit FNV-1a hash of `bytes`, in hex: identifies a repeat of the same invalid input.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

extension Error {
    /// The problems of a `WireProtocolError`, or one problem with the error's text.
    fileprivate var problems: [ValidationProblem] {
        (self as? WireProtocolError)?.problems ?? [ValidationProblem(path: .root, message: "\(self)")]
    }
}
