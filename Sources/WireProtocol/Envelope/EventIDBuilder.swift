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
        make(
            kind: "edi",
            parts: [sender, receiver, interchangeControlNumber, groupControlNumber, transactionControlNumber]
                + (index.map { [String($0)] } ?? []))
    }

    /// An id of any other kind: `kind` (letters, digits, `-`) followed by the encoded parts.
    public static func make(kind: String, parts: [String]) -> String {
        ([encode(kind)] + parts.map(encode)).joined(separator: ":")
    }

    private static func encode(_ part: String) -> String {
        let needsEscape = part.utf8.contains {
            $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: ":") || $0 < 0x21 || $0 > 0x7E
        }
        guard needsEscape else { return part }
        var result = ""
        for byte in part.utf8 {
            if byte == UInt8(ascii: "%") || byte == UInt8(ascii: ":") || byte < 0x21 || byte > 0x7E {
                result += "%" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            } else {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return result
    }
}
