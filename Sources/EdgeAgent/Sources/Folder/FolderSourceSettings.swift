import Shared

/// The settings of a `folder` source: a drop folder for EDI, CSV and JSON files.
///
/// ```yaml
/// - name: edi-inbound
///   type: folder
///   inbox: /var/spool/crossdock/inbox
///   processing: /var/spool/crossdock/processing   # default: beside the inbox
///   archive: /var/spool/crossdock/archive
///   error: /var/spool/crossdock/error
///   pattern: "*"                 # file names taken (names starting with '.' or ending .tmp/.part never are)
///   stable_for: 2s               # unchanged size and mtime for this long
///   format: auto                 # auto (EDI by content, else by extension) | edi | csv | json | jsonl
///   mapping: {…}                 # for CSV and JSON files; see RecordMapping
///   edi:
///     acknowledgments: /var/spool/crossdock/outbound   # where 997s are written
///     acknowledge: ["*"]         # ISA06 sender ids that want a 997 ("*" = every sender)
///     control_numbers: /var/lib/crossdock/agent/edi-control-numbers
/// ```
public struct FolderSourceSettings: Sendable {
    /// The source's name (unique per agent).
    public var name: String
    /// Where files are dropped.
    public var inbox: String
    /// Where a file is while it is captured.
    public var processing: String
    /// Where captured files go.
    public var archive: String
    /// Where rejected files go, each with a `<name>.reason` file.
    public var error: String
    /// A glob of the file names taken.
    public var pattern: String
    /// How long size and modification time must stay unchanged.
    public var stableFor: Duration
    /// How often the inbox is listed.
    public var pollInterval: Duration
    /// The format of the files: `nil` for auto.
    public var format: Format
    /// How CSV and JSON records become events; `nil` when only EDI is dropped.
    public var mapping: RecordMapping?
    /// The most records committed in one outbox transaction.
    public var batchSize: Int
    /// How many content hashes (and EDI interchange keys) are remembered to recognise duplicates.
    public var remembered: Int
    /// EDI settings.
    public var edi: EDISettings

    /// How files are read.
    public enum Format: Sendable, Hashable {
        /// EDI when the content starts with ISA, UNA or UNB; else by extension (.csv, .json, .jsonl, .ndjson).
        case auto(delimiter: UInt8)
        /// Always EDI.
        case edi
        /// Always records of this format.
        case records(RecordFormat)
    }

    /// The `edi` section.
    public struct EDISettings: Sendable, Hashable {
        /// Where 997s are written; `nil` for none.
        public var acknowledgmentFolder: String?
        /// ISA06 sender ids that want a 997; `*` for all.
        public var acknowledgedSenders: Set<String>
        /// The file that keeps outbound control numbers.
        public var controlNumbersPath: String

        /// Creates settings.
        public init(acknowledgmentFolder: String? = nil, acknowledgedSenders: Set<String> = ["*"], controlNumbersPath: String) {
            self.acknowledgmentFolder = acknowledgmentFolder
            self.acknowledgedSenders = acknowledgedSenders
            self.controlNumbersPath = controlNumbersPath
        }

        /// Whether the sender (ISA06, trimmed) wants a 997.
        public func wantsAcknowledgment(sender: String) -> Bool {
            acknowledgmentFolder != nil && (acknowledgedSenders.contains("*") || acknowledgedSenders.contains(sender))
        }
    }

    /// Creates settings; the processing, archive and error folders default to siblings of the inbox.
    public init(
        name: String, inbox: String, processing: String? = nil, archive: String? = nil, error: String? = nil,
        pattern: String = "*", stableFor: Duration = .seconds(2), pollInterval: Duration = .seconds(1),
        format: Format = .auto(delimiter: UInt8(ascii: ",")), mapping: RecordMapping? = nil, batchSize: Int = 5000,
        remembered: Int = 10_000, edi: EDISettings? = nil
    ) {
        let parent = inbox.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        self.name = name
        self.inbox = inbox
        self.processing = processing ?? parent + "/processing"
        self.archive = archive ?? parent + "/archive"
        self.error = error ?? parent + "/error"
        self.pattern = pattern
        self.stableFor = stableFor
        self.pollInterval = pollInterval
        self.format = format
        self.mapping = mapping
        self.batchSize = batchSize
        self.remembered = remembered
        self.edi = edi ?? EDISettings(controlNumbersPath: parent + "/edi-control-numbers")
    }

    /// Reads one `sources` item of type `folder`, recording every problem with its key path.
    public init(reader: ConfigReader, name: String) {
        let inbox = reader.requiredString("inbox", hint: "give the drop folder, e.g. /var/spool/crossdock/inbox") ?? "/invalid"
        var folders: [String: String] = [:]
        for key in ["inbox", "processing", "archive", "error"] {
            guard let path = key == "inbox" ? inbox : reader.string(key) else { continue }
            if !path.hasPrefix("/") { reader.problem(key, "\"\(path)\" is not an absolute path") }
            if let other = folders.first(where: { $0.value == path }) {
                reader.problem(key, "is the same folder as \(other.key); give each stage its own folder")
            }
            folders[key] = path
        }
        let formats = ["auto", "edi", "csv", "json", "jsonl"]
        var formatName = reader.string("format", default: "auto")
        if !formats.contains(formatName) {
            reader.problem("format", "expected one of \(formats.map { "'\($0)'" }.joined(separator: ", ")), found \"\(formatName)\"")
            formatName = "auto"
        }
        let delimiter = RecordFormat.readDelimiter(reader)
        let format: Format
        switch formatName {
        case "edi": format = .edi
        case "csv": format = .records(.csv(delimiter: delimiter))
        case "json": format = .records(.json)
        case "jsonl": format = .records(.jsonLines)
        default: format = .auto(delimiter: delimiter)
        }
        let mapping = reader.contains("mapping") ? RecordMapping(reader: reader.section("mapping")) : nil
        if mapping == nil, formatName != "edi" {
            reader.problem(
                "mapping", "missing; CSV and JSON files need a mapping (or set format: edi for an EDI-only folder)")
        }
        let ediSection = reader.section("edi")
        let parent = inbox.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let edi = EDISettings(
            acknowledgmentFolder: ediSection.string("acknowledgments"),
            acknowledgedSenders: Set(ediSection.contains("acknowledge") ? ediSection.stringList("acknowledge") : ["*"]),
            controlNumbersPath: ediSection.string("control_numbers", default: parent + "/edi-control-numbers"))
        if let folder = edi.acknowledgmentFolder, !folder.hasPrefix("/") {
            ediSection.problem("acknowledgments", "\"\(folder)\" is not an absolute path")
        }
        self.init(
            name: name, inbox: inbox, processing: reader.string("processing"), archive: reader.string("archive"),
            error: reader.string("error"), pattern: reader.string("pattern", default: "*"),
            stableFor: reader.duration("stable_for", default: .seconds(2), in: .zero...(.seconds(3600))),
            pollInterval: reader.duration("poll_interval", default: .seconds(1), in: .milliseconds(10)...(.seconds(3600))),
            format: format, mapping: mapping, batchSize: reader.int("batch_size", default: 5000, in: 1...100_000),
            remembered: reader.int("remember", default: 10_000, in: 10...1_000_000), edi: edi)
    }
}
