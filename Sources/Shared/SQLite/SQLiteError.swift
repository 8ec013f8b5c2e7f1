import CSQLite

/// An error reported by SQLite, with the statement it came from and what to do about it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The broad class of failure, stable across SQLite versions.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        fileprivate enum Base: Hashable, Sendable {
            case busy, full, corrupt, readOnly, constraint, cannotOpen, ioError, misuse, schema, other
        }
        fileprivate let base: Base

        /// Another connection holds the lock longer than the busy timeout.
        public static let busy = Code(base: .busy)
        /// The disk (or the file-size limit) is full: free space or raise the quota.
        public static let diskFull = Code(base: .full)
        /// The database file is damaged.
        public static let corrupt = Code(base: .corrupt)
        /// The file or its directory is not writable.
        public static let readOnly = Code(base: .readOnly)
        /// A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint failed.
        public static let constraint = Code(base: .constraint)
        /// The file could not be opened (missing directory, permissions).
        public static let cannotOpen = Code(base: .cannotOpen)
        /// The operating system reported an I/O error.
        public static let ioError = Code(base: .ioError)
        /// The API was used wrongly (a bug in crossdock).
        public static let misuse = Code(base: .misuse)
        /// The schema is not what the statement expects.
        public static let schema = Code(base: .schema)
        /// Any other SQLite result code.
        public static let other = Code(base: .other)

        /// Classifies a primary or extended SQLite result code.
        public init(resultCode: Int32) {
            switch resultCode & 0xFF {
            case SQLITE_BUSY, SQLITE_LOCKED: base = .busy
            case SQLITE_FULL: base = .full
            case SQLITE_CORRUPT, SQLITE_NOTADB: base = .corrupt
            case SQLITE_READONLY: base = .readOnly
            case SQLITE_CONSTRAINT: base = .constraint
            case SQLITE_CANTOPEN: base = .cannotOpen
            case SQLITE_IOERR: base = .ioError
            case SQLITE_MISUSE, SQLITE_RANGE: base = .misuse
            case SQLITE_SCHEMA, SQLITE_ERROR: base = resultCode == SQLITE_SCHEMA ? .schema : .other
            default: base = .other
            }
        }

        private init(base: Base) { self.base = base }

        public var description: String {
            switch base {
            case .busy: "busy"
            case .full: "disk full"
            case .corrupt: "corrupt"
            case .readOnly: "read-only"
            case .constraint: "constraint"
            case .cannotOpen: "cannot open"
            case .ioError: "I/O error"
            case .misuse: "misuse"
            case .schema: "schema"
            case .other: "error"
            }
        }
    }

    /// The class of failure.
    public let code: Code
    /// The extended SQLite result code (`sqlite3_extended_errcode`).
    public let resultCode: Int32
    /// SQLite's own message.
    public let message: String
    /// The database file.
    public let path: String
    /// The statement that failed, if any.
    public let sql: String?

    /// Creates an error from a result code and SQLite's message.
    public init(resultCode: Int32, message: String, path: String, sql: String? = nil) {
        self.code = Code(resultCode: resultCode)
        self.resultCode = resultCode
        self.message = message
        self.path = path
        self.sql = sql
    }

    /// What an operator should do about this error.
    public var advice: String {
        switch code {
        case .diskFull: "free disk space or raise the quota; nothing was written by the failed statement"
        case .corrupt: "run `doctor` to check the file and quarantine the damaged part"
        case .readOnly, .cannotOpen: "check that the directory exists and is writable by the service user"
        case .busy: "another process holds the database; stop it or raise the busy timeout"
        default: "see the SQLite message"
        }
    }

    public var description: String {
        var text = "SQLite \(code) (\(resultCode)) on \(path): \(message)"
        if let sql { text += " — in `\(sql.prefix(120))`" }
        return text + "; \(advice)"
    }
}
