import WireProtocol

/// The `folder` source's cursor: the file being captured and how far, and what was captured before (content
/// hashes and EDI interchange keys), committed with the events so a crash neither loses nor repeats a file.
public struct FolderSourceCursor: Sendable, Hashable {
    /// The file in `processing` whose records are partly committed.
    public struct InFlight: Sendable, Hashable {
        /// Its name.
        public var name: String
        /// The SHA-256 of its content.
        public var hash: String
        /// The byte offset after the last committed record.
        public var offset: UInt64
        /// The line of the next record.
        public var line: Int
        /// The CSV header, once read.
        public var header: [String]?
    }

    /// Content captured (or rejected) before.
    public struct Seen: Sendable, Hashable {
        /// The SHA-256 of the content.
        public var hash: String
        /// The name it arrived under.
        public var name: String
        /// The reason it was rejected; `nil` when it was archived.
        public var rejection: String?
    }

    /// The file being captured, if a commit was made before its end.
    public var inFlight: InFlight?
    /// Content seen before, oldest first.
    public var seen: [Seen]
    /// EDI interchanges received (``EDI/InterchangeKey/storageKey`` → file name), oldest first.
    public var interchanges: [(key: String, file: String)]

    /// An empty cursor.
    public init() {
        inFlight = nil
        seen = []
        interchanges = []
    }

    /// What was seen with content `hash`.
    func seen(hash: String) -> Seen? {
        seen.last { $0.hash == hash }
    }

    /// Records content, forgetting the oldest beyond `limit`.
    mutating func remember(_ entry: Seen, interchanges keys: [(key: String, file: String)], limit: Int) {
        seen.append(entry)
        if seen.count > limit { seen.removeFirst(seen.count - limit) }
        interchanges += keys
        if interchanges.count > limit { interchanges.removeFirst(interchanges.count - limit) }
    }

    /// The cursor as the position committed with the events.
    public var position: JSONValue {
        var object: JSONObject = ["version": 1]
        if let inFlight {
            var flight: JSONObject = [
                "name": .string(inFlight.name), "hash": .string(inFlight.hash),
                "offset": .number(DecimalNumber(inFlight.offset)), "line": .number(DecimalNumber(inFlight.line)),
            ]
            if let header = inFlight.header { flight["header"] = .array(header.map(JSONValue.string)) }
            object["inFlight"] = .object(flight)
        }
        object["seen"] = .array(
            seen.map { entry in
                var item: JSONObject = ["hash": .string(entry.hash), "name": .string(entry.name)]
                if let rejection = entry.rejection { item["rejection"] = .string(rejection) }
                return .object(item)
            })
        object["interchanges"] = .array(interchanges.map { ["key": .string($0.key), "file": .string($0.file)] })
        return .object(object)
    }

    /// Reads a committed position.
    public init(position: JSONValue, source: String) throws(FileSourceError) {
        self.init()
        if let flight = position["inFlight"] {
            guard let name = flight["name"]?.stringValue, let hash = flight["hash"]?.stringValue,
                let offset = flight["offset"]?.numberValue?.uint64Value, let line = flight["line"]?.numberValue?.intValue
            else { throw FileSourceError(.badCursor, "source \(source): the committed in-flight file is unreadable: \(flight)") }
            inFlight = InFlight(
                name: name, hash: hash, offset: offset, line: line,
                header: flight["header"]?.arrayValue?.compactMap(\.stringValue))
        }
        for item in position["seen"]?.arrayValue ?? [] {
            guard let hash = item["hash"]?.stringValue, let name = item["name"]?.stringValue else {
                throw FileSourceError(.badCursor, "source \(source): a committed content hash is unreadable: \(item)")
            }
            seen.append(Seen(hash: hash, name: name, rejection: item["rejection"]?.stringValue))
        }
        for item in position["interchanges"]?.arrayValue ?? [] {
            guard let key = item["key"]?.stringValue, let file = item["file"]?.stringValue else {
                throw FileSourceError(.badCursor, "source \(source): a committed interchange key is unreadable: \(item)")
            }
            interchanges.append((key, file))
        }
    }

    /// Cursors are equal when they commit the same position.
    public static func == (lhs: FolderSourceCursor, rhs: FolderSourceCursor) -> Bool {
        lhs.position == rhs.position
    }

    /// Hashes the committed position.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(position)
    }
}
