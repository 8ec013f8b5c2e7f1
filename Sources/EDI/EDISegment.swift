/// One segment as read from the input: its tag, its elements, and where it was.
///
/// Elements are numbered as in the standards: ``tag`` is element 0, `segment[1]` is the first data element
/// (`SE01`). Separators are resolved once while scanning (EDIFACT release characters removed), so a component
/// separator inside an escaped EDIFACT value stays data.
public struct EDISegment: Sendable, Hashable, CustomStringConvertible {
    /// A boundary kind in ``marks``.
    enum Mark: UInt32 {
        case component = 0
        case repetition = 1
        case element = 2
    }

    /// Content bytes without delimiters, followed by the marks (where pieces end: `offset << 2 | kind`) as
    /// native-endian `UInt32`s — one allocation per segment.
    let storage: [UInt8]
    /// How many of ``storage``'s bytes are content.
    let contentCount: Int32
    /// Where the tag ends in the content.
    let tagEnd: Int32
    /// The tag's bytes packed into an integer (first byte highest), 0 for tags longer than 4 bytes or with a NUL
    /// byte; for fast
    /// comparisons with ``EDISegment/code(ofTag:)``.
    let tagCode: UInt32
    /// The separators used to show the segment as text again.
    let separators: (element: UInt8, component: UInt8, repetition: UInt8?)

    /// The 1-based ordinal of the segment in the file.
    public let index: Int
    /// The byte offset of the segment's first byte in the file, from 0.
    public let byteOffset: Int
    /// The 1-based line of the segment's first byte.
    public let line: Int

    /// The segment identifier, such as `ISA`, `ST`, `UNH`.
    public var tag: String { String(decoding: storage[0..<Int(tagEnd)], as: UTF8.self) }

    /// The content bytes.
    var bytes: ArraySlice<UInt8> { storage[0..<Int(contentCount)] }

    /// The number of marks.
    var markCount: Int { (storage.count - Int(contentCount)) / 4 }

    /// Mark `k`.
    @inline(__always) func mark(_ k: Int) -> UInt32 {
        storage.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: Int(contentCount) + 4 * k, as: UInt32.self) }
    }

    /// All marks (for tests and slow paths).
    var marks: [UInt32] { (0..<markCount).map(mark) }

    init(
        bytes: [UInt8], marks: [UInt32], separators: (element: UInt8, component: UInt8, repetition: UInt8?),
        index: Int, byteOffset: Int, line: Int
    ) {
        var storage: [UInt8] = []
        storage.reserveCapacity(bytes.count + 4 * marks.count)
        storage.append(contentsOf: bytes)
        marks.withUnsafeBytes { storage.append(contentsOf: $0) }
        self.init(
            storage: storage, contentCount: bytes.count, separators: separators, index: index,
            byteOffset: byteOffset, line: line)
    }

    /// Creates a segment from scanner storage: content bytes, then marks as native-endian `UInt32`s.
    init(
        storage: [UInt8], contentCount: Int, separators: (element: UInt8, component: UInt8, repetition: UInt8?),
        index: Int, byteOffset: Int, line: Int
    ) {
        self.storage = storage
        self.contentCount = Int32(contentCount)
        self.separators = separators
        self.index = index
        self.byteOffset = byteOffset
        self.line = line
        let markCount = (storage.count - contentCount) / 4
        var tagEnd = contentCount
        storage.withUnsafeBytes { raw in
            for k in 0..<markCount {
                let m = raw.loadUnaligned(fromByteOffset: contentCount + 4 * k, as: UInt32.self)
                if m & 3 == Mark.element.rawValue {
                    tagEnd = Int(m >> 2)
                    break
                }
            }
        }
        self.tagEnd = Int32(tagEnd)
        var code: UInt32 = 0
        if tagEnd <= 4 {
            for k in 0..<tagEnd {
                // A NUL byte would make the packed code collide with a shorter tag: such tags get no code.
                if storage[k] == 0 {
                    code = 0
                    break
                }
                code = code << 8 | UInt32(storage[k])
            }
        }
        self.tagCode = code
    }

    /// Packs a tag like ``tagCode``.
    static func code(ofTag tag: String) -> UInt32 {
        var code: UInt32 = 0
        var n = 0
        for b in tag.utf8 {
            n += 1
            if n > 4 { return 0 }
            code = code << 8 | UInt32(b)
        }
        return code
    }

    /// Whether the segment's tag is `tag` — cheaper than comparing ``tag``, which builds a string.
    public func isTag(_ tag: String) -> Bool { tagCode != 0 && tagCode == EDISegment.code(ofTag: tag) }

    /// Builds a segment from element values, for writers and tests. Components are split on `component`.
    public init(_ tag: String, _ elements: [String], component: UInt8 = UInt8(ascii: ">")) {
        var bytes = Array(tag.utf8)
        var marks: [UInt32] = []
        for e in elements {
            marks.append(UInt32(bytes.count) << 2 | Mark.element.rawValue)
            for b in e.utf8 {
                if b == component {
                    marks.append(UInt32(bytes.count) << 2 | Mark.component.rawValue)
                } else {
                    bytes.append(b)
                }
            }
        }
        self.init(
            bytes: bytes, marks: marks, separators: (UInt8(ascii: "*"), component, nil), index: 0, byteOffset: 0,
            line: 0)
    }

    /// The number of data elements after the tag, counting empty ones up to the last separator.
    public var elementCount: Int {
        var n = 0
        for k in 0..<markCount where mark(k) & 3 == Mark.element.rawValue { n += 1 }
        return n
    }

    /// One piece of an element: a component of a repetition.
    struct Piece {
        var range: Range<Int>
        var repetition: Int
        var component: Int
    }

    /// The pieces of element `n` (0 is the tag), or an empty array when the segment has fewer elements.
    func pieces(ofElement n: Int) -> [Piece] {
        var element = 0
        var repetition = 1
        var component = 1
        var start = 0
        var result: [Piece] = []
        for k in 0..<markCount {
            let m = mark(k)
            let end = Int(m >> 2)
            if element == n { result.append(Piece(range: start..<end, repetition: repetition, component: component)) }
            switch m & 3 {
            case Mark.element.rawValue:
                if element == n { return result }
                element += 1
                repetition = 1
                component = 1
            case Mark.repetition.rawValue:
                repetition += 1
                component = 1
            default:
                component += 1
            }
            start = end
        }
        if element == n {
            result.append(Piece(range: start..<Int(contentCount), repetition: repetition, component: component))
        }
        return result
    }

    /// The text of element `n` as written (components and repetitions joined by their separators), or `nil`
    /// when the segment does not have that many elements.
    public func string(_ n: Int) -> String? {
        // Fast path: find the element's bounds; only elements with components or repetitions need pieces.
        guard let (range, inner) = elementBounds(n) else { return nil }
        if !inner {
            return storage.withUnsafeBufferPointer {
                String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self)
            }
        }
        let ps = pieces(ofElement: n)
        guard let first = ps.first else { return nil }
        if ps.count == 1 { return String(decoding: bytes[first.range], as: UTF8.self) }
        var out: [UInt8] = []
        for (i, p) in ps.enumerated() {
            if i > 0 {
                out.append(p.component == 1 ? (separators.repetition ?? separators.element) : separators.component)
            }
            out.append(contentsOf: bytes[p.range])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Component `c` (from 1) of repetition `r` (from 1) of element `n`, or `nil` when absent.
    public func component(_ n: Int, _ c: Int, repetition r: Int = 1) -> String? {
        for p in pieces(ofElement: n) where p.repetition == r && p.component == c {
            return String(decoding: bytes[p.range], as: UTF8.self)
        }
        return nil
    }

    /// The number of repetitions of element `n` (1 for a present element without repetitions, 0 when absent).
    public func repetitionCount(_ n: Int) -> Int {
        pieces(ofElement: n).last?.repetition ?? 0
    }

    /// The number of components in repetition `r` of element `n` (1 for a simple element, 0 when absent).
    public func componentCount(_ n: Int, repetition r: Int = 1) -> Int {
        pieces(ofElement: n).filter { $0.repetition == r }.count
    }

    /// The text of element `n`, or `""` when absent.
    public subscript(_ n: Int) -> String { string(n) ?? "" }

    /// All data elements as text (element 1 first).
    public var elements: [String] { (0..<elementCount).map { self[$0 + 1] } }

    /// The segment as text with its separators, without terminator, e.g. `SE*4*0001`.
    public var description: String {
        ([tag] + elements).joined(separator: String(decoding: [separators.element], as: UTF8.self))
    }

    /// Compares content and position.
    public static func == (a: EDISegment, b: EDISegment) -> Bool {
        a.storage == b.storage && a.contentCount == b.contentCount && a.index == b.index
            && a.byteOffset == b.byteOffset
    }

    /// Hashes content and position.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage)
        hasher.combine(index)
    }
}
