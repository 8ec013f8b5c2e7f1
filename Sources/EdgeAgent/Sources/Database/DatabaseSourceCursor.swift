import WireProtocol

/// A database source's position: the high-water timestamp and the ids of the rows already captured inside the lag
/// window, committed with the events in the outbox.
///
/// Rows whose timestamp lies within `lag` of the high-water mark are read again on every poll (a transaction that
/// committed late may have written them after the mark passed them); ``seen`` holds their event ids, so each one is
/// captured once. Entries older than the window are dropped, so the cursor stays as small as the window.
///
/// As JSON: `{"timestamp": "2026-11-27 09:15:00.25+00", "key": "1042", "seen": [["2026-11-27 09:14:58+00",
/// "row:orders:1041:…"], …]}`; the timestamp keeps the column's own form (a number for integer columns).
struct DatabaseSourceCursor: Sendable, Hashable {
    /// A row captured inside the lag window.
    struct SeenRow: Sendable, Hashable {
        /// Its timestamp, as the column gave it.
        var timestamp: DatabaseValue
        /// Its event id.
        var id: String
    }

    /// The greatest timestamp captured so far, as the column gave it; `nil` before the first row.
    var timestamp: DatabaseValue?
    /// The primary key of the row that set ``timestamp`` (for `status` output).
    var key: String?
    /// Rows captured whose timestamp is within the lag window of ``timestamp``.
    var seen: [SeenRow] = []

    init() {}

    /// Reads a committed position; a position this build cannot read starts from the beginning.
    init(position: JSONValue) throws(DatabaseError) {
        guard let object = position.objectValue else {
            throw Self.unreadable("is \(position.kindDescription), not an object")
        }
        timestamp = object["timestamp"].flatMap(Self.databaseValue)
        key = object["key"]?.stringValue
        for entry in object["seen"]?.arrayValue ?? [] {
            guard let pair = entry.arrayValue, pair.count == 2, let value = Self.databaseValue(pair[0]),
                let id = pair[1].stringValue
            else { throw Self.unreadable("has a malformed seen entry \(entry.encodedString().prefix(80))") }
            seen.append(SeenRow(timestamp: value, id: id))
        }
    }

    /// The position to commit.
    var position: JSONValue {
        var object = JSONObject()
        object["timestamp"] = timestamp.map(Self.json) ?? .null
        object["key"] = key.map(JSONValue.string) ?? .null
        object["seen"] = .array(seen.map { .array([Self.json($0.timestamp), .string($0.id)]) })
        return .object(object)
    }

    private static func json(_ value: DatabaseValue) -> JSONValue {
        switch value {
        case .null: .null
        case .integer(let number): .number(DecimalNumber(number))
        case .real(let number): DecimalNumber(number).map(JSONValue.number) ?? .string(String(number))
        case .text(let text): .string(text)
        }
    }

    private static func databaseValue(_ value: JSONValue) -> DatabaseValue? {
        switch value {
        case .string(let text): return .text(text)
        case .number(let number): return number.int64Value.map(DatabaseValue.integer) ?? .real(number.doubleValue)
        default: return nil
        }
    }

    private static func unreadable(_ detail: String) -> DatabaseError {
        DatabaseError(
            code: .unexpectedResult, database: "outbox cursor",
            message: "the committed database cursor \(detail); it was written by another version — "
                + "inspect it with `crossdock-agent status`")
    }
}
