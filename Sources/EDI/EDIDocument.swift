/// A whole file parsed into memory: interchanges, groups, sets and every problem, in file order.
///
/// Convenient for small files, tests and the 997 writer; for large files use ``EDIParser`` events directly.
public struct EDIDocument: Sendable {
    /// One interchange with its groups.
    public struct Interchange: Sendable {
        /// The header (ISA, UNB).
        public var header: EDIInterchangeHeader
        /// The groups in order; EDIFACT messages outside UNG sit in a group whose `header` is `nil`.
        public var groups: [Group]
        /// The end summary with interchange-level problems.
        public var summary: EDIInterchangeSummary?
        /// Whether the interchange has no interchange-level problems.
        public var isAccepted: Bool { summary?.problems.isEmpty ?? false }
    }

    /// One functional group with its sets.
    public struct Group: Sendable {
        /// The header (GS, UNG), or `nil` for EDIFACT messages outside UNG.
        public var header: EDIGroupHeader?
        /// The sets in order.
        public var sets: [EDITransactionSet]
        /// The end summary with group-level problems.
        public var summary: EDIGroupSummary?
    }

    /// The file name used in errors.
    public var file: String
    /// The interchanges in order, including rejected ones.
    public var interchanges: [Interchange] = []
    /// Input that could not be read as an interchange at all.
    public var rejections: [EDIError] = []

    /// Every problem in file order: rejections, and interchange, group and set problems.
    public var problems: [EDIError] {
        var all = rejections
        for i in interchanges {
            for g in i.groups {
                for s in g.sets { all += s.problems }
                all += g.summary?.problems ?? []
            }
            all += i.summary?.problems ?? []
        }
        return all.sorted { ($0.position.byteOffset ?? Int.max) < ($1.position.byteOffset ?? Int.max) }
    }

    /// Creates an empty document for `file`.
    public init(file: String) { self.file = file }

    /// Adds one event.
    public mutating func add(_ event: EDIEvent) {
        switch event {
        case .interchangeBegan(let h):
            interchanges.append(Interchange(header: h, groups: [], summary: nil))
        case .groupBegan(let h):
            interchanges[interchanges.count - 1].groups.append(Group(header: h, sets: [], summary: nil))
        case .transactionSet(let s):
            var i = interchanges[interchanges.count - 1]
            if s.group == nil && (i.groups.last.map { $0.header != nil || $0.summary != nil } ?? true) {
                i.groups.append(Group(header: nil, sets: [], summary: nil))
            }
            i.groups[i.groups.count - 1].sets.append(s)
            interchanges[interchanges.count - 1] = i
        case .groupEnded(let summary):
            var i = interchanges[interchanges.count - 1]
            if let last = i.groups.indices.last, i.groups[last].summary == nil {
                i.groups[last].summary = summary
            } else {
                i.groups.append(Group(header: summary.header, sets: [], summary: summary))
            }
            interchanges[interchanges.count - 1] = i
        case .interchangeEnded(let summary):
            interchanges[interchanges.count - 1].summary = summary
        case .rejected(let error):
            rejections.append(error)
        }
    }

    /// Parses a whole file into a document.
    public static func read(atPath path: String, as name: String? = nil, options: EDIParser.Options = .init())
        throws -> EDIDocument
    {
        var document = EDIDocument(file: name ?? String(path.split(separator: "/").last ?? Substring(path)))
        try EDIParser.parseFile(atPath: path, as: name, options: options) { document.add($0) }
        return document
    }

    /// Parses bytes into a document.
    public static func parse(_ bytes: [UInt8], file: String, options: EDIParser.Options = .init()) -> EDIDocument {
        var document = EDIDocument(file: file)
        // The handler never throws, so neither does the parser.
        try? EDIParser.parse(bytes, file: file, options: options) { document.add($0) }
        return document
    }
}
