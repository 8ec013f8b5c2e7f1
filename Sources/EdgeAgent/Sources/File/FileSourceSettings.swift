import Shared

/// The settings of a `file` source: which files to tail, how their records are written and mapped.
///
/// ```yaml
/// - name: shipments
///   type: file
///   paths: [/var/spool/wms/shipments*.csv]
///   rotated_paths: [/var/spool/wms/archive/shipments*.csv.*]   # default: each path + ".[0-9]*"
///   format: csv                # csv (with a header row) or jsonl
///   delimiter: ","
///   poll_interval: 500ms
///   batch_size: 5000           # records per outbox commit
///   mapping: {…}               # see RecordMapping
/// ```
public struct FileSourceSettings: Sendable {
    /// The source's name (unique per agent).
    public var name: String
    /// Glob patterns of the files to tail.
    public var paths: [String]
    /// Glob patterns where rotated files are looked for (to finish reading them); never started as new files.
    public var rotatedPaths: [String]
    /// How records are written.
    public var format: RecordFormat
    /// How often the files are checked for new data.
    public var pollInterval: Duration
    /// The most records committed in one outbox transaction.
    public var batchSize: Int
    /// How many bytes are read at once.
    public var readChunkBytes: Int
    /// How records become events.
    public var mapping: RecordMapping

    /// Creates settings.
    public init(
        name: String, paths: [String], rotatedPaths: [String]? = nil, format: RecordFormat,
        pollInterval: Duration = .seconds(1), batchSize: Int = 5000, readChunkBytes: Int = 1 << 20,
        mapping: RecordMapping
    ) {
        self.name = name
        self.paths = paths
        self.rotatedPaths = rotatedPaths ?? paths.map { $0 + ".[0-9]*" }
        self.format = format
        self.pollInterval = pollInterval
        self.batchSize = batchSize
        self.readChunkBytes = readChunkBytes
        self.mapping = mapping
    }

    /// Reads one `sources` item of type `file`, recording every problem with its key path.
    public init(reader: ConfigReader, name: String) {
        let paths = reader.stringList("paths")
        if paths.isEmpty { reader.problem("paths", "missing; list the files to tail, e.g. [/var/spool/wms/*.csv]") }
        for (index, path) in paths.enumerated() where !path.hasPrefix("/") {
            reader.problem("paths", "entry \(index + 1) \"\(path)\" is not an absolute path")
        }
        let rotated = reader.contains("rotated_paths") ? reader.stringList("rotated_paths") : nil
        self.init(
            name: name, paths: paths, rotatedPaths: rotated,
            format: RecordFormat.read(reader, allowed: ["csv", "jsonl"], default: "jsonl"),
            pollInterval: reader.duration("poll_interval", default: .seconds(1), in: .milliseconds(10)...(.seconds(3600))),
            batchSize: reader.int("batch_size", default: 5000, in: 1...100_000),
            readChunkBytes: Int(reader.byteCount("read_chunk", default: 1 << 20, in: 4096...(64 << 20))),
            mapping: RecordMapping(reader: reader.section("mapping")))
        if !reader.contains("mapping") {
            reader.problem("mapping", "missing; say which event type the records become and map their fields")
        }
    }
}
