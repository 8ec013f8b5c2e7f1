/// The SQL a ``DatabaseSource`` polls with: the table or query as a sub-query, rows from the lower bound of the lag
/// window on, in `(timestamp, key)` order, limited.
struct DatabaseSourceQuery: Sendable {
    let relation: DatabaseSource.Relation
    let options: DatabaseSource.Options

    /// The statement; values are bound to the placeholders, never written into the text.
    func sql(boundPlaceholder: String?, limitPlaceholder: String) -> String {
        let base: String
        switch relation {
        case .table(let table): base = "SELECT * FROM \(SQLIdentifier.quoted(table))"
        case .query(let query):
            var text = Substring(query)
            while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
            base = String(text)
        }
        let timestamp = "crossdock_rows." + SQLIdentifier.quoted(options.timestampColumn)
        let key = "crossdock_rows." + SQLIdentifier.quoted(options.keyColumn)
        var sql = "SELECT * FROM (\(base)) AS crossdock_rows WHERE \(timestamp) IS NOT NULL"
        if let boundPlaceholder { sql += " AND \(timestamp) >= \(boundPlaceholder)" }
        return sql + " ORDER BY \(timestamp), \(key) LIMIT \(limitPlaceholder)"
    }
}
