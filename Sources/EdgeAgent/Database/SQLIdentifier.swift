/// SQL identifiers as both SQLite and PostgreSQL read them.
public enum SQLIdentifier {
    /// `name` quoted as an SQL identifier (`"order"`), each part of a dotted name (`wms.orders`) separately.
    public static func quoted(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { part in
            "\"" + part.replacing("\"", with: "\"\"") + "\""
        }.joined(separator: ".")
    }
}
