extension X12ShippingOrderWriter.Envelope {
    /// Writes one interchange holding one group with one transaction set: ISA, GS, ST, the set's body, SE, GE
    /// and IEA, with fresh control numbers for the receiver from `controlNumbers`.
    ///
    /// - Parameters:
    ///   - functionalID: GS01 (`OW` for a 940, `SM` for a 204).
    ///   - setID: ST01 (`940`, `204`).
    ///   - body: writes the segments between ST and SE.
    func interchange(
        functionalID: String, setID: String, controlNumbers: any ControlNumberStore, timestamp: EDITimestamp,
        body: (inout X12Writer) throws -> Void
    ) throws -> [UInt8] {
        let partner = receiverQualifier + "/" + receiverID
        let isa13 = try controlNumbers.next(.interchange, for: partner)
        let gs06 = try controlNumbers.next(.group, for: partner)
        let st02 = X12Writer.zeroPadded(try controlNumbers.next(.transactionSet, for: partner), 4)
        var w = X12Writer(delimiters: delimiters)
        w.isa([
            "00", X12Writer.fixed("", 10), "00", X12Writer.fixed("", 10), X12Writer.fixed(senderQualifier, 2),
            X12Writer.fixed(senderID, 15), X12Writer.fixed(receiverQualifier, 2),
            X12Writer.fixed(receiverID, 15), timestamp.shortDate, timestamp.time,
            delimiters.repetition.map { String(decoding: [$0], as: UTF8.self) } ?? "U",
            interchangeVersion, X12Writer.zeroPadded(isa13, 9), "0", isTest ? "T" : "P",
            String(decoding: [delimiters.component], as: UTF8.self),
        ])
        w.segment(
            "GS",
            [functionalID, senderID, receiverID, timestamp.date, timestamp.time, String(gs06), "X", groupVersion])
        w.startCounting()
        w.segment("ST", [setID, st02])
        try body(&w)
        w.segment("SE", [String(w.counted + 1), st02])
        w.segment("GE", ["1", String(gs06)])
        w.segment("IEA", ["1", X12Writer.zeroPadded(isa13, 9)])
        return w.bytes
    }
}
