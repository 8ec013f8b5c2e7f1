/// One result row: its values in column order.
public struct SQLiteRow: Sendable, Hashable {
    /// The column values, in the order of the SELECT list.
    public var values: [SQLiteValue]

    /// The value in column `index` (0-based).
    public subscript(index: Int) -> SQLiteValue { values[index] }
}
