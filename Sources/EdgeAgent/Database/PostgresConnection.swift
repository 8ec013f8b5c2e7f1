import CPostgreSQL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connection to PostgreSQL over libpq: parameterised statements (`PQexecParams`) with text results, reconnected
/// when the server went away. libpq is loaded when the first connection opens (``LibPQ``).
///
/// Each call blocks its thread for as long as libpq waits for the server (at most the connect timeout when the
/// server is unreachable): use it from a ``DatabaseWorker``. Errors name the database without the password and
/// never contain it.
public final class PostgresConnection: DatabaseConnection {
    /// Where to connect.
    public let settings: PostgresConnectionSettings
    private var handle: OpaquePointer?
    /// libpq, set by the first ``connect()``; every `handle` and result comes from it.
    private var pq: LibPQ?

    /// Prepares a connection; nothing is opened until ``connect()`` or the first statement.
    public init(settings: PostgresConnectionSettings) {
        self.settings = settings
    }

    deinit {
        if let handle { pq?.finish(handle) }
    }

    public var displayName: String { settings.displayName }

    public func placeholder(_ index: Int) -> String { "$\(index)" }

    /// Whether a connection is open and healthy as far as libpq knows.
    public var isConnected: Bool {
        guard let handle, let pq else { return false }
        return pq.status(handle) == CONNECTION_OK
    }

    /// Opens the connection unless it is open; throws ``DatabaseError/Code/connectionFailed`` with libpq's reason,
    /// or naming the package to install when libpq itself is missing.
    public func connect() throws(DatabaseError) {
        if isConnected { return }
        close()
        let pq: LibPQ
        switch LibPQ.shared {
        case .success(let library): pq = library
        case .failure(let missing):
            throw DatabaseError(code: .connectionFailed, database: displayName, message: missing.message)
        }
        self.pq = pq
        let pairs = settings.keywordsAndValues
        let keywords = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer {
            // The password was copied into `values`: wipe it before freeing.
            for pointer in values { if let pointer { memset(pointer, 0, strlen(pointer)) } }
            for pointer in keywords + values { free(pointer) }
        }
        let connection = keywords.map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordBuffer in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { valueBuffer in
                pq.connectdbParams(keywordBuffer.baseAddress, valueBuffer.baseAddress, 0)
            }
        }
        guard let connection else {
            throw DatabaseError(code: .connectionFailed, database: displayName, message: "libpq is out of memory")
        }
        guard pq.status(connection) == CONNECTION_OK else {
            let reason = Self.message(of: connection, pq)
            pq.finish(connection)
            throw DatabaseError(
                code: .connectionFailed, database: displayName,
                message: redacted(reason) + "; check that the server runs and accepts connections from this host, "
                    + "and the user name and password")
        }
        handle = connection
    }

    /// Closes the connection; the next statement opens a new one.
    public func close() {
        if let handle { pq?.finish(handle) }
        handle = nil
    }

    public func query(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> [DatabaseRow] {
        let (result, pq) = try run(sql, parameters)
        defer { pq.clear(result) }
        let rowCount = pq.ntuples(result)
        let columnCount = pq.nfields(result)
        let columns = (0..<columnCount).map { String(cString: pq.fname(result, $0)!) }
        var rows: [DatabaseRow] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            let values = (0..<columnCount).map { column -> DatabaseValue in
                pq.getisnull(result, row, column) == 1
                    ? .null : .text(String(cString: pq.getvalue(result, row, column)!))
            }
            rows.append(DatabaseRow(columns: columns, values: values))
        }
        return rows
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [DatabaseValue]) throws(DatabaseError) -> Int {
        let (result, pq) = try run(sql, parameters)
        defer { pq.clear(result) }
        return Int(String(cString: pq.cmdTuples(result)!)) ?? 0
    }

    /// Runs one statement; the caller clears the result with the returned library's `clear`.
    private func run(
        _ sql: String, _ parameters: [DatabaseValue]
    ) throws(DatabaseError) -> (result: OpaquePointer, pq: LibPQ) {
        try connect()
        guard let handle, let pq else { preconditionFailure("connect() leaves an open connection or throws") }
        let texts = parameters.map { $0.textValue.map { strdup($0) } ?? nil }
        defer { for pointer in texts { free(pointer) } }
        let result = texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { buffer in
            pq.execParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        let status = result.map { pq.resultStatus($0) } ?? PGRES_FATAL_ERROR
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK, let result { return (result, pq) }
        let reason = result.flatMap { pq.resultErrorMessage($0) }.map { String(cString: $0) } ?? ""
        if let result { pq.clear(result) }
        let detail = redacted(reason.isEmpty ? Self.message(of: handle, pq) : Self.trimmed(reason))
        if pq.status(handle) != CONNECTION_OK {
            close()
            throw DatabaseError(
                code: .connectionLost, database: displayName,
                message: "\(detail); the server went away, the next attempt reconnects")
        }
        throw DatabaseError(
            code: .statementFailed, database: displayName, message: "\(detail) — in `\(sql.prefix(200))`")
    }

    private func redacted(_ text: String) -> String {
        DatabaseError.redacting(settings.password?.reveal(), in: text)
    }

    private static func message(of connection: OpaquePointer, _ pq: LibPQ) -> String {
        trimmed(pq.errorMessage(connection).map { String(cString: $0) } ?? "unknown libpq error")
    }

    private static func trimmed(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingPrefix(while: \.isWhitespace) }.joined(separator: " ")
    }
}
