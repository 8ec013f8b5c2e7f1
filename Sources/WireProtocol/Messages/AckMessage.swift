/// The aggregator's acknowledgement to an agent, on `crossdock/v1/{tenant}/{site}/{agent}/acks`.
///
/// ``stored`` lists every sequence number the aggregator has durably stored, as compact ranges: the agent may
/// delete those events from its outbox. ``exceptions`` lists the subset that was stored as an exception
/// (invalid, kept for an operator to look at); the agent may delete them too, and counts them. An event not yet
/// acknowledged is redelivered.
///
/// ```json
/// {"version":1,"time":"2026-11-27T10:15:02.120Z","stored":[[1,120],[122,130]],"exceptions":[[57,57]]}
/// ```
public struct AckMessage: Sendable, Hashable, Codable {
    /// The format version this build writes.
    public static let currentVersion = 1

    /// The format version.
    public var version: Int
    /// When the aggregator sent the acknowledgement.
    public var time: ZonedDateTime
    /// Every sequence number durably stored, including exceptions.
    public var stored: SequenceRangeSet
    /// The sequence numbers stored as exceptions; a subset of ``stored``.
    public var exceptions: SequenceRangeSet

    /// Creates an acknowledgement; ``exceptions`` are added to ``stored`` too.
    public init(stored: SequenceRangeSet, exceptions: SequenceRangeSet = [], time: ZonedDateTime = .now()) {
        var all = stored
        all.formUnion(exceptions)
        self.version = AckMessage.currentVersion
        self.time = time
        self.stored = all
        self.exceptions = exceptions
    }

    /// The message as UTF-8 JSON, deterministic.
    public func encoded(pretty: Bool = false) -> [UInt8] {
        WireMessage.encode(self, pretty: pretty)
    }

    /// Reads an acknowledgement.
    ///
    /// - Throws: ``WireProtocolError`` for unreadable bytes, or with code ``WireProtocolError/Code/invalidMessage``
    ///   listing every problem (missing members, bad ranges, an unsupported version, exceptions not in stored).
    public init(jsonBytes bytes: some Collection<UInt8>) throws(WireProtocolError) {
        self = try WireMessage.decode(AckMessage.self, from: bytes) { ack, problems in
            WireMessage.checkVersion(ack.version, current: AckMessage.currentVersion, kind: "ack", problems: &problems)
            if !ack.exceptions.isSubset(of: ack.stored) {
                problems.append(
                    ValidationProblem(
                        path: JSONPath.root.appending("exceptions"),
                        message:
                            "exceptions \(ack.exceptions) are not all in stored \(ack.stored); "
                            + "exceptions are stored events too"
                    ))
            }
        }
    }
}
