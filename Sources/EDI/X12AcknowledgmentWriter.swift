/// Writes 997 interchanges for inbound X12 groups: swapped sender and receiver, fresh control numbers, the
/// inbound GS08 version mirrored.
public struct X12AcknowledgmentWriter: Sendable {
    /// Where outbound control numbers come from; keyed per partner as `qualifier/id` of the receiver.
    public let controlNumbers: any ControlNumberStore
    /// When the acknowledgment is written.
    public let timestamp: EDITimestamp

    /// Creates a writer.
    public init(controlNumbers: any ControlNumberStore, timestamp: EDITimestamp = .now()) {
        self.controlNumbers = controlNumbers
        self.timestamp = timestamp
    }

    /// The 997 interchange acknowledging every X12 group of `interchange` (one GS/997 per inbound group), or
    /// `nil` when there is nothing to acknowledge (no groups, or EDIFACT).
    public func acknowledge(_ interchange: EDIDocument.Interchange) throws -> [UInt8]? {
        let inbound = interchange.header
        guard inbound.standard == .x12, !interchange.groups.isEmpty else { return nil }
        let partner = inbound.senderQualifier + "/" + inbound.senderID
        let isa13 = try controlNumbers.next(.interchange, for: partner)
        var d = inbound.delimiters
        let version = Int(inbound.version) ?? 401
        if version < 402 {
            d.repetition = nil
        } else if d.repetition == nil {
            // From 00402 ISA11 is the repetition separator: pick one that clashes with nothing, so the writer
            // keeps it out of the data.
            let taken = [d.element, d.component] + d.segmentTerminator
            d.repetition = [UInt8(ascii: "^"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "!")]
                .first { !taken.contains($0) }
        }
        var w = X12Writer(delimiters: d)
        let isa11 = d.repetition.map { String(decoding: [$0], as: UTF8.self) } ?? "U"
        w.isa([
            "00", X12Writer.fixed("", 10), "00", X12Writer.fixed("", 10),
            X12Writer.fixed(inbound.receiverQualifier, 2), X12Writer.fixed(inbound.receiverID, 15),
            X12Writer.fixed(inbound.senderQualifier, 2), X12Writer.fixed(inbound.senderID, 15),
            timestamp.shortDate, timestamp.time, isa11, inbound.version, X12Writer.zeroPadded(isa13, 9), "0",
            inbound.isTest ? "T" : "P", String(decoding: [d.component], as: UTF8.self),
        ])
        for group in interchange.groups {
            let ack = FunctionalAcknowledgment(group: group)
            let gs = ack.group
            let gs06 = try controlNumbers.next(.group, for: partner)
            w.segment(
                "GS",
                [
                    "FA", gs.applicationReceiver, gs.applicationSender, timestamp.date, timestamp.time, String(gs06),
                    "X",
                    gs.version,
                ])
            let st02 = X12Writer.zeroPadded(try controlNumbers.next(.transactionSet, for: partner), 4)
            w.startCounting()
            w.segment("ST", ["997", st02])
            for line in ack.lines { w.segment(line.tag, composites: line.elements) }
            w.segment("SE", [String(w.counted + 1), st02])
            w.segment("GE", ["1", String(gs06)])
        }
        w.segment("IEA", [String(interchange.groups.count), X12Writer.zeroPadded(isa13, 9)])
        return w.bytes
    }
}
