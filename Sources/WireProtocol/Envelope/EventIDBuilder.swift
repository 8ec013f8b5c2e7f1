/// Builds deterministic event ids from where an event was read, so a re-read yields the same id.
///
/// The aggregator dedups on `source` + `id`: an agent that crashes after capturing an event but before
/// committing its cursor re-reads the same input and must produce the same id. Ids are
/// `<kind>:<part>:<part>…`; every part is percent-encoded (`%`, `:` and any byte outside printable ASCII), so
/// different inputs can never produce the same id.
///
/// ```swift
/// EventIDBuilder.ediTransaction(sender: "ACME", receiver: "CROSSDOCK", interchangeControlNumber: "000000123",
///                               groupControlNumber: "45", transactionControlNumber: "0001")
/// // "edi:ACME:CROSSDOCK:000000123:45:0001"
/// ```
public enum EventIDBuilder {
    /// An id for a record read from a file: the file's identity (e.g. device + inode + creation time, or a
    /// content hash of its first block) and the byte offset where the record starts.
    /// - Parameter index: Which event, when one record yields several (0, 1, …); omitted when `nil`.
    public static func fileRecord(fileIdentity: String, offset: UInt64, index: Int? = nil) -> String {
        make(kind: "file", parts: [fileIdentity, String(offset)] + (index.map { [String($0)] } ?? []))
    }

    /// An id for a database row: table, primary key and row version (an update counter, `rowversion`, or the
    /// high-water mark column's value).
    public static func tableRow(table: String, primaryKey: String, version: String, index: Int? = nil) -> String {
        make(kind: "row", parts: [table, primaryKey, version] + (index.map { [String($0)] } ?? []))
    }

    /// An id for an EDI transaction set: interchange sender and receiver, interchange control number (ISA13 /
    /// UNB 0020), group control number (GS06 / UNG 0048, empty if none) and transaction set control number
    /// (ST02 / UNH 0062).
    public static func ediTransaction(
        sender: String, receiver: String, interchangeControlNumber: String, groupControlNumber: String,
        transactionControlNumber: String, index: Int? = nil
    ) -> String {
        // Built in one string (this runs once per translated set): no part arrays, no joining.
        var id = "edi"
        id.reserveCapacity(
            8 + sender.utf8.count + receiver.utf8.count + interchangeControlNumber.utf8.count
                + groupControlNumber.utf8.count + transactionControlNumber.utf8.count + (index == nil ? 0 : 4))
        append(sender, to: &id)
        append(receiver, to: &id)
        append(interchangeControlNumber, to: &id)
        append(groupControlNumber, to: &id)
        append(transactionControlNumber, to: &id)
        if let index { append(String(index), to: &id) }
        return id
    }

    /// The part of ``ediTransaction(sender:receiver:interchangeControlNumber:groupControlNumber:transactionControlNumber:index:)``
    /// ids that every set of one group shares; finish it with ``ediTransaction(prefix:transactionControlNumber:index:)``.
    public static func ediTransactionPrefix(
        sender: String, receiver: String, interchangeControlNumber: String, groupControlNumber: String
    ) -> String {
        var id = "edi"
        append(sender, to: &id)
        append(receiver, to: &id)
        append(interchangeControlNumber, to: &id)
        append(groupControlNumber, to: &id)
        return id
    }

    /// The same id as ``ediTransaction(sender:receiver:interchangeControlNumber:groupControlNumber:transactionControlNumber:index:)``,
    /// from a `prefix` made by ``ediTransactionPrefix(sender:receiver:interchangeControlNumber:groupControlNumber:)``.
    public static func ediTransaction(prefix: String, transactionControlNumber: String, index: Int? = nil) -> String {
        if index == nil, !transactionControlNumber.utf8.contains(where: needsEscape) {
            // The usual case, written in one go: appending to the shared prefix would copy it, then grow the copy.
            var prefix = prefix
            var part = transactionControlNumber
            return prefix.withUTF8 { head in
                part.withUTF8 { tail in
                    String(unsafeUninitializedCapacity: head.count + 1 + tail.count) { buffer in
                        guard let to = buffer.baseAddress else { return 0 }
                        if let from = head.baseAddress { to.update(from: from, count: head.count) }
                        to[head.count] = UInt8(ascii: ":")
                        if let from = tail.baseAddress { (to + head.count + 1).update(from: from, count: tail.count) }
                        return head.count + 1 + tail.count
                    }
                }
            }
        }
        var id = prefix
        append(transactionControlNumber, to: &id)
        if let index { append(String(index), to: &id) }
        return id
    }

    /// An id of any other kind: `kind` (letters, digits, `-`) followed by the encoded parts.
    public static func make(kind: String, parts: [String]) -> String {
        var id = encode(kind)
        for part in parts { append(part, to: &id) }
        return id
    }

    /// Appends `:` and the encoded `part` to `id`.
    private static func append(_ part: String, to id: inout String) {
        id.append(":")
        id.append(encode(part))
    }

    private static func encode(_ part: String) -> String {
        guard part.utf8.contains(where: needsEscape) else { return part }
        let hex: StaticString = "0123456789ABCDEF"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(part.utf8.count * 3)
        for byte in part.utf8 {
            if needsEscape(byte) {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex.utf8Start[Int(byte >> 4)])
                bytes.append(hex.utf8Start[Int(byte & 0xF)])
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` is written percent-encoded in an id part: `%`, `:` and anything outside printable ASCII.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "%") || byte == UInt8(ascii: ":") || byte < 0x21 || byte > 0x7E
    }
}
