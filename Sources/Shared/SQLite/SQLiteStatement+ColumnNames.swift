import CSQLite

extension SQLiteStatement {
    /// The names of the result columns, in the order of the SELECT list (`AS` aliases when given).
    public var columnNames: [String] {
        (0..<columnCount).map { index in
            sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "column\(index + 1)"
        }
    }
}
