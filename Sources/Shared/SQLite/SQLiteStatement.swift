import CSQLite

/// A prepared SQLite statement: bind parameters, step through rows, reset and reuse.
///
/// Statements belong to their ``SQLiteConnection`` and, like it, are used from one isolation domain at a time.
public final class SQLiteStatement {
    let handle: OpaquePointer
    /// The SQL text this statement was prepared from.
    public let sql: String
    private let path: String

    init(database: OpaquePointer, sql: String, path: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(
                resultCode: sqlite3_extended_errcode(database), message: String(cString: sqlite3_errmsg(database)),
                path: path, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.path = path
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to the parameters `?1…?n`, replacing earlier bindings.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value to the 1-based parameter `index`.
    public func bind(_ value: SQLiteValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let integer): rc = sqlite3_bind_int64(handle, index, integer)
        case .real(let real): rc = sqlite3_bind_double(handle, index, real)
        case .text(let text): rc = bind(text: text, at: index)
        case .blob(let bytes):
            rc = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count),
                                    crossdock_sqlite_transient())
            }
        }
        try check(rc)
    }

    /// Binds `text` from its own UTF-8 storage, with its length: no NUL-terminated copy, no `strlen`.
    private func bind(text: String, at index: Int32) -> Int32 {
        let bound = text.utf8.withContiguousStorageIfAvailable { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, crossdock_sqlite_transient())
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { pointer in
                sqlite3_bind_text64(
                    handle, index, pointer, sqlite3_uint64(utf8.count), crossdock_sqlite_transient(), UInt8(SQLITE_UTF8))
            }
        }
        return bound ?? text.withCString { sqlite3_bind_text(handle, index, $0, -1, crossdock_sqlite_transient()) }
    }

    /// Binds raw bytes without building an array first (the bytes are copied by SQLite).
    public func bind(bytes: UnsafeRawBufferPointer, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_blob64(handle, index, bytes.baseAddress, sqlite3_uint64(bytes.count),
                                      crossdock_sqlite_transient()))
    }

    /// Advances to the next row; `true` while a row is available, `false` when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let database = sqlite3_db_handle(handle)
            let error = SQLiteError(
                resultCode: sqlite3_extended_errcode(database), message: String(cString: sqlite3_errmsg(database)),
                path: path, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Resets the statement so it can run again, and clears its bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Runs the statement to completion with `values` bound, then resets it.
    public func run(_ values: [SQLiteValue] = []) throws(SQLiteError) {
        defer { reset() }
        try bind(values)
        while try step() {}
    }

    /// Runs the statement with `values` bound and returns every row, then resets it.
    public func rows(_ values: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        defer { reset() }
        try bind(values)
        var rows: [SQLiteRow] = []
        while try step() {
            rows.append(currentRow())
        }
        return rows
    }

    /// The number of columns in a result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The current row's value in column `index` (0-based).
    public func column(_ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let pointer = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    /// The current row's integer in column `index`, or 0 for NULL.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Calls `body` with the current row's blob in column `index`, without copying it.
    public func withBlob<T>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let count = Int(sqlite3_column_bytes(handle, index))
        return try body(UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, index), count: count))
    }

    /// The current row with every column.
    public func currentRow() -> SQLiteRow {
        var values: [SQLiteValue] = []
        let count = columnCount
        values.reserveCapacity(Int(count))
        for index in 0..<count {
            values.append(column(index))
        }
        return SQLiteRow(values: values)
    }

    private func check(_ rc: Int32) throws(SQLiteError) {
        guard rc != SQLITE_OK else { return }
        let database = sqlite3_db_handle(handle)
        throw SQLiteError(
            resultCode: rc, message: String(cString: sqlite3_errmsg(database)), path: path, sql: sql)
    }
}
