import Logging
import ServiceLifecycle
import WireProtocol

/// Polls a table or a query of a WMS database (SQLite or PostgreSQL) for new and changed rows, and captures each
/// row once as a canonical event.
///
/// Rows are read in `(timestamp, key)` order from a high-water mark kept in the outbox with the events (one
/// ``EventSink/append(_:quarantined:cursor:)`` per page): a crash re-reads the page, never skips it. Rows whose
/// timestamp is within ``Options/lag`` of the mark are read again on every poll, so a transaction that commits
/// late, with a timestamp the mark has already passed, is still captured; the event ids of rows inside that window
/// (``EventIDBuilder/tableRow(table:primaryKey:version:index:)`` from table, key and version) are kept in the
/// cursor so that no row is captured twice. A row changed later (a new timestamp or version) is a new event.
///
/// A database that goes away is logged as an error (on the first failure and every tenth after), retried with
/// backoff, and read on from the committed cursor when it comes back; the agent keeps running. A row the mapping
/// cannot turn into an event is quarantined with the reason, and the source moves past it.
public actor DatabaseSource: Service {
    /// What to read: a whole table or a query.
    public enum Relation: Sendable, Hashable {
        /// `SELECT * FROM table` (a dotted name is schema-qualified).
        case table(String)
        /// Any `SELECT`; it is wrapped as a sub-query and filtered, ordered and limited by the source.
        case query(String)
    }

    /// How the source polls.
    public struct Options: Sendable {
        /// The column of the row's last change time (a timestamp, or Unix seconds or milliseconds).
        public var timestampColumn: String
        /// The primary key column (ties between equal timestamps are broken by it; part of the event id).
        public var keyColumn: String
        /// A row version column (an update counter); the timestamp when `nil`. Part of the event id.
        public var versionColumn: String?
        /// How far behind the high-water mark rows are read again, for transactions that commit late.
        public var lag: Duration
        /// The pause between polls when the last poll reached the end.
        public var interval: Duration
        /// The most new rows per poll (and per outbox transaction).
        public var batch: Int
        /// The longest pause between attempts while the database is unreachable.
        public var maxRetryInterval: Duration

        /// Creates options.
        public init(
            timestampColumn: String, keyColumn: String, versionColumn: String? = nil, lag: Duration = .seconds(30),
            interval: Duration = .seconds(5), batch: Int = 500, maxRetryInterval: Duration = .seconds(60)
        ) {
            self.timestampColumn = timestampColumn
            self.keyColumn = keyColumn
            self.versionColumn = versionColumn
            self.lag = lag
            self.interval = interval
            self.batch = batch
            self.maxRetryInterval = maxRetryInterval
        }
    }

    /// What the mapping made of one row; the source adds the id, the source URI and (if `time` is `nil`) the row's
    /// timestamp as the event time.
    public struct MappedRow: Sendable {
        /// The event type.
        public var type: EventType
        /// The business key.
        public var subject: String?
        /// When it happened; the row's timestamp when `nil`.
        public var time: ZonedDateTime?
        /// The business key chain.
        public var correlationID: String?
        /// The canonical payload.
        public var data: JSONValue

        /// Creates a mapped row.
        public init(
            type: EventType, subject: String? = nil, time: ZonedDateTime? = nil, correlationID: String? = nil,
            data: JSONValue
        ) {
            self.type = type
            self.subject = subject
            self.time = time
            self.correlationID = correlationID
            self.data = data
        }
    }

    /// Turns a row into an event; what it throws becomes the quarantine reason.
    public typealias RowMapper = @Sendable (DatabaseRow) throws -> MappedRow

    /// What one poll did.
    public struct PollOutcome: Sendable, Hashable {
        /// Events captured.
        public var events: Int
        /// Rows quarantined.
        public var quarantined: Int
        /// Whether the page was full (more rows are waiting).
        public var hasMore: Bool

        /// Creates an outcome.
        public init(events: Int, quarantined: Int, hasMore: Bool) {
            self.events = events
            self.quarantined = quarantined
            self.hasMore = hasMore
        }
    }

    /// The source's configured name; its cursor is stored under it.
    public nonisolated let name: String
    /// The events' `source` attribute: `/{tenant}/{site}/{agent}/database/{name}`.
    public nonisolated let sourceURI: String
    private let relation: Relation
    private let options: Options
    private let worker: DatabaseWorker
    private let sink: any EventSink
    private let mapper: RowMapper
    private let logger: Logger
    private var cursor: DatabaseSourceCursor?
    /// The last failure, until a poll succeeds again.
    public private(set) var lastError: DatabaseError?

    /// Creates a source of the agent `identity` reading `relation` through `worker` into `sink`; its events'
    /// `source` is `/{tenant}/{site}/{agent}/database/{name}`.
    public init(
        name: String, identity: AgentIdentity, relation: Relation, worker: DatabaseWorker, sink: any EventSink,
        options: Options, logger: Logger = Logger(label: "crossdock.agent.source.database"),
        mapper: @escaping RowMapper
    ) {
        self.init(
            name: name, sourceURI: "/\(identity.tenant)/\(identity.site)/\(identity.agent)/database/\(name)",
            relation: relation, worker: worker, sink: sink, options: options, logger: logger, mapper: mapper)
    }

    /// Creates a source whose events carry `sourceURI` as their `source`.
    public init(
        name: String, sourceURI: String, relation: Relation, worker: DatabaseWorker, sink: any EventSink,
        options: Options, logger: Logger = Logger(label: "crossdock.agent.source.database"),
        mapper: @escaping RowMapper
    ) {
        self.name = name
        self.sourceURI = sourceURI
        self.relation = relation
        self.options = options
        self.worker = worker
        self.sink = sink
        self.mapper = mapper
        var logger = logger
        logger[metadataKey: "source"] = "\(name)"
        logger[metadataKey: "database"] = "\(worker.displayName)"
        self.logger = logger
    }

    /// Polls until the service group shuts down: a full page is followed at once by the next, otherwise the source
    /// waits ``Options/interval``; while the database is unreachable it retries with growing pauses.
    public func run() async throws {
        logger.info("database source started", metadata: ["relation": "\(relation)"])
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause = options.interval
            do {
                let outcome = try await poll()
                if failures > 0 {
                    logger.notice("database source reading again after \(failures) failed attempts")
                    await sink.clearProblem(source: name)
                    failures = 0
                }
                if outcome.hasMore { continue }
            } catch is CancellationError {
                break
            } catch {
                failures += 1
                if failures == 1 || failures % 10 == 0 {
                    let retry = error is DatabaseError ? "; retrying, the agent keeps running" : ""
                    logger.error("database source failed: \(error)\(retry)", metadata: ["attempt": "\(failures)"])
                }
                await sink.report(
                    SourceProblem(
                        source: name, location: "\(worker.displayName) \(relationText)",
                        message: "\(error)\(error is DatabaseError ? "; retrying, the agent keeps running" : "")"))
                pause = min(
                    options.interval * (1 << min(failures - 1, 6)), max(options.maxRetryInterval, options.interval))
            }
            let wait = pause
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
            } catch {
                break
            }
        }
        logger.info("database source stopped")
    }

    /// Reads one page of new rows and commits their events with the new cursor.
    @discardableResult
    public func poll() async throws -> PollOutcome {
        do {
            let outcome = try await pollPage()
            lastError = nil
            return outcome
        } catch let error as DatabaseError {
            lastError = error
            throw error
        }
    }

    private func pollPage() async throws -> PollOutcome {
        var cursor = try await loadCursor()
        let bound = try cursor.timestamp.map { value throws(DatabaseError) in try timestamp(value).minus(options.lag) }
        let limit = options.batch + cursor.seen.count
        let query = DatabaseSourceQuery(relation: relation, options: options)
        let hasBound = bound != nil
        let parameters = (bound.map { [$0.databaseValue] } ?? []) + [.integer(Int64(limit))]
        let rows = try await worker.run { connection throws(DatabaseError) in
            let sql = query.sql(
                boundPlaceholder: hasBound ? connection.placeholder(1) : nil,
                limitPlaceholder: connection.placeholder(hasBound ? 2 : 1))
            return try connection.query(sql, parameters)
        }

        var seenIDs = Set(cursor.seen.map(\.id))
        var events: [CapturedEvent] = []
        var quarantined: [QuarantinedRecord] = []
        var highWater = try cursor.timestamp.map { value throws(DatabaseError) in try timestamp(value) }
        for row in rows {
            let timestampValue = try column(options.timestampColumn, of: row)
            let rowTimestamp = try timestamp(timestampValue)
            guard let key = try column(options.keyColumn, of: row).textValue else {
                throw unexpected("the key column \(options.keyColumn) is NULL in a row; it must be the primary key")
            }
            let version = try options.versionColumn.map { try column($0, of: row) } ?? timestampValue
            let id = EventIDBuilder.tableRow(table: idTable, primaryKey: key, version: version.textValue ?? "")
            guard seenIDs.insert(id).inserted else { continue }
            do {
                let mapped = try mapper(row)
                events.append(
                    CapturedEvent(
                        id: id, source: sourceURI, type: mapped.type, subject: mapped.subject,
                        time: mapped.time ?? rowTimestamp.zonedDateTime ?? .now(), correlationID: mapped.correlationID,
                        data: mapped.data))
            } catch {
                quarantined.append(
                    QuarantinedRecord(
                        source: name, location: "\(idTable) \(options.keyColumn)=\(key)", reason: "\(error)",
                        raw: Array(Self.describe(row).utf8)))
            }
            cursor.seen.append(.init(timestamp: timestampValue, id: id))
            if highWater.map({ rowTimestamp > $0 }) ?? true {
                highWater = rowTimestamp
                cursor.timestamp = timestampValue
                cursor.key = key
            }
        }
        guard !events.isEmpty || !quarantined.isEmpty else {
            return PollOutcome(events: 0, quarantined: 0, hasMore: rows.count >= limit)
        }
        if let highWater {
            let windowStart = highWater.minus(options.lag)
            cursor.seen.removeAll { entry in (CursorTimestamp(entry.timestamp).map { $0 < windowStart }) ?? true }
        }
        try await sink.append(
            events, quarantined: quarantined, cursor: SourceCursor(source: name, position: cursor.position))
        self.cursor = cursor
        if !quarantined.isEmpty {
            logger.warning(
                "quarantined \(quarantined.count) row(s) the mapping could not use",
                metadata: [
                    "first": "\(quarantined[0].location): \(quarantined[0].reason)"
                ])
        }
        return PollOutcome(events: events.count, quarantined: quarantined.count, hasMore: rows.count >= limit)
    }

    /// What the source reads, for `status`: `table public.wms_orders` or `query`.
    private var relationText: String {
        switch relation {
        case .table(let table): "table \(table)"
        case .query: "query"
        }
    }

    /// The table name in event ids: the table, or the source's name for a query.
    private var idTable: String {
        switch relation {
        case .table(let table): table
        case .query: name
        }
    }

    private func loadCursor() async throws -> DatabaseSourceCursor {
        if let cursor { return cursor }
        let loaded =
            try await sink.cursor(for: name).map { try DatabaseSourceCursor(position: $0.position) }
            ?? DatabaseSourceCursor()
        if let timestamp = loaded.timestamp {
            logger.info(
                "resuming after \(options.timestampColumn) \(timestamp), \(options.keyColumn) \(loaded.key ?? "?")")
        }
        cursor = loaded
        return loaded
    }

    private func column(_ name: String, of row: DatabaseRow) throws(DatabaseError) -> DatabaseValue {
        guard let value = row[name] else {
            throw unexpected(
                "the result has no column \(name); its columns are \(row.columns.joined(separator: ", ")) — fix the "
                    + "source's timestamp_column, key_column or version_column, or the query")
        }
        return value
    }

    private func timestamp(_ value: DatabaseValue) throws(DatabaseError) -> CursorTimestamp {
        guard let parsed = CursorTimestamp(value) else {
            throw unexpected(
                "\(options.timestampColumn) value \"\(value.description.prefix(40))\" is not a timestamp this source "
                    + "reads (yyyy-MM-dd HH:mm:ss[.fff][zone], or Unix seconds or milliseconds); select it in that "
                    + "form in the source's query")
        }
        return parsed
    }

    private func unexpected(_ message: String) -> DatabaseError {
        DatabaseError(code: .unexpectedResult, database: worker.displayName, message: message)
    }

    private static func describe(_ row: DatabaseRow) -> String {
        var object = JSONObject()
        for (column, value) in zip(row.columns, row.values) {
            object[column] = value.textValue.map(JSONValue.string) ?? .null
        }
        return JSONValue.object(object).encodedString()
    }
}
