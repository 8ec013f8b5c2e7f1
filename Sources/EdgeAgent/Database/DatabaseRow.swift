/// One row of a query result: its column names and values, in the order of the SELECT list.
public struct DatabaseRow: Sendable, Hashable {
    /// The column names.
    public var columns: [String]
    /// The values, one per column.
    public var values: [DatabaseValue]

    /// Creates a row; `columns` and `values` have the same count.
    public init(columns: [String], values: [DatabaseValue]) {
        precondition(columns.count == values.count, "a row has one value per column")
        self.columns = columns
        self.values = values
    }

    /// The value of the column named `column` (exact name first, then case-insensitively); `nil` if there is no
    /// such column.
    public subscript(column: String) -> DatabaseValue? {
        if let index = columns.firstIndex(of: column) { return values[index] }
        let lowered = column.lowercased()
        return columns.firstIndex { $0.lowercased() == lowered }.map { values[$0] }
    }
}
