import WireProtocol

/// A file the `file` source follows, as kept in its cursor: which file, where it was last seen, how far it is read.
public struct TailedFile: Sendable, Hashable {
    /// The path it was last seen at (it may have been renamed since).
    public var path: String
    /// Which file it is.
    public var identity: FileIdentity
    /// The byte offset after the last record committed.
    public var offset: UInt64
    /// The line number of the next record (1-based).
    public var line: Int
    /// The CSV header, once read.
    public var header: [String]?

    /// Creates a file state.
    public init(path: String, identity: FileIdentity, offset: UInt64 = 0, line: Int = 1, header: [String]? = nil) {
        self.path = path
        self.identity = identity
        self.offset = offset
        self.line = line
        self.header = header
    }

    /// The file's state as cursor JSON.
    var json: JSONValue {
        var object: JSONObject = [
            "path": .string(path), "device": .number(DecimalNumber(identity.device)),
            "inode": .number(DecimalNumber(identity.inode)), "fingerprint": .string(FileFingerprint.hex(identity.fingerprint)),
            "fingerprintLength": .number(DecimalNumber(identity.fingerprintLength)),
            "generation": .number(DecimalNumber(identity.generation)), "offset": .number(DecimalNumber(offset)),
            "line": .number(DecimalNumber(line)),
        ]
        if let header { object["header"] = .array(header.map(JSONValue.string)) }
        return .object(object)
    }

    /// Reads a file state from cursor JSON; `nil` when it is not one.
    init?(json: JSONValue) {
        guard let path = json["path"]?.stringValue, let device = json["device"]?.numberValue?.uint64Value,
            let inode = json["inode"]?.numberValue?.uint64Value,
            let fingerprintText = json["fingerprint"]?.stringValue, let fingerprint = UInt64(fingerprintText, radix: 16),
            let length = json["fingerprintLength"]?.numberValue?.intValue,
            let generation = json["generation"]?.numberValue?.intValue,
            let offset = json["offset"]?.numberValue?.uint64Value, let line = json["line"]?.numberValue?.intValue
        else { return nil }
        self.init(
            path: path,
            identity: FileIdentity(
                device: device, inode: inode, fingerprint: fingerprint, fingerprintLength: length, generation: generation),
            offset: offset, line: line, header: json["header"]?.arrayValue?.compactMap(\.stringValue))
    }
}

/// The `file` source's cursor: every file it follows.
public struct FileSourceCursor: Sendable, Hashable {
    /// The files, oldest first.
    public var files: [TailedFile]
    /// When the poll before the one that committed this cursor started (seconds since 1970): a rotated file
    /// modified after it may have been created and rotated unseen, so it is read if nothing follows it yet.
    public var scannedAt: Double?

    /// Creates a cursor.
    public init(files: [TailedFile] = [], scannedAt: Double? = nil) {
        self.files = files
        self.scannedAt = scannedAt
    }

    /// The cursor as the position committed with the events.
    public var position: JSONValue {
        var object: JSONObject = ["version": 1, "files": .array(files.map(\.json))]
        if let scannedAt, let number = DecimalNumber(scannedAt) { object["scannedAt"] = .number(number) }
        return .object(object)
    }

    /// Reads a committed position; an unreadable one is an error naming the source.
    public init(position: JSONValue, source: String) throws(FileSourceError) {
        guard let items = position["files"]?.arrayValue else {
            throw FileSourceError(.badCursor, "source \(source): the committed cursor has no file list: \(position)")
        }
        var files: [TailedFile] = []
        for item in items {
            guard let file = TailedFile(json: item) else {
                throw FileSourceError(.badCursor, "source \(source): a committed file state is unreadable: \(item)")
            }
            files.append(file)
        }
        self.files = files
        self.scannedAt = position["scannedAt"]?.numberValue?.doubleValue
    }
}
