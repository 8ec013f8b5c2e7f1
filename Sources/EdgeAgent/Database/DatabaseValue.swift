import Shared

/// One value read from, or bound to, a WMS database (SQLite or PostgreSQL).
///
/// PostgreSQL results are read in text format, so everything but NULL arrives as ``text(_:)``; SQLite keeps
/// its storage classes.
public enum DatabaseValue: Sendable, Hashable, CustomStringConvertible {
    /// SQL NULL.
    case null
    /// A 64-bit integer.
    case integer(Int64)
    /// A floating-point number.
    case real(Double)
    /// Text (and, from PostgreSQL, every non-NULL value in its text form).
    case text(String)

    /// The value as text, as PostgreSQL would send it; `nil` for NULL.
    public var textValue: String? {
        switch self {
        case .null: nil
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .text(let value): value
        }
    }

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }

    public var description: String { textValue ?? "NULL" }

    /// The value as SQLite binds it.
    var sqliteValue: SQLiteValue {
        switch self {
        case .null: .null
        case .integer(let value): .integer(value)
        case .real(let value): .real(value)
        case .text(let value): .text(value)
        }
    }

    /// The value SQLite returned (a blob becomes its UTF-8 text).
    init(_ value: SQLiteValue) {
        switch value {
        case .null: self = .null
        case .integer(let value): self = .integer(value)
        case .real(let value): self = .real(value)
        case .text(let value): self = .text(value)
        case .blob(let bytes): self = .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
