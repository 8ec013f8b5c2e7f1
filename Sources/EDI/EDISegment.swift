import WireProtocol

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

    /// The block holding the segment's bytes: at ``start``, the content bytes without delimiters, then the marks
    /// (where pieces end: `offset << 2 | kind`) as native-endian `UInt32`s. Many segments share one block.
    let chunk: EDISegmentChunk
    /// Where the segment's bytes start in ``chunk``.
    let start: Int
    /// How many content bytes there are.
    let contentCount: Int32
    /// How many marks follow the content.
    let markCount32: Int32
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
    public var tag: String { text(0..<Int(tagEnd)) }

    /// The content bytes.
    var bytes: [UInt8] { withContent { Array($0) } }

    /// The number of marks.
    @inline(__always) var markCount: Int { Int(markCount32) }

    /// Mark `k`.
    @inline(__always) func mark(_ k: Int) -> UInt32 {
        withExtendedLifetime(chunk) {
            UnsafeRawPointer(chunk.base + start + Int(contentCount) + 4 * k).loadUnaligned(as: UInt32.self)
        }
    }

    /// Content byte `i`.
    @inline(__always) func byte(_ i: Int) -> UInt8 {
        withExtendedLifetime(chunk) { chunk.base[start + i] }
    }

    /// The content bytes in `range` as text.
    func text(_ range: Range<Int>) -> String {
        withContent { content in
            // Copying into the new string's own buffer lets a short ASCII value (most elements) become a small
            // string after one word-wide ASCII test; anything else is validated and repaired as
            // `String(decoding:as:)` does.
            String(unsafeUninitializedCapacity: range.count) { buffer in
                guard let to = buffer.baseAddress, let from = content.baseAddress else { return 0 }
                ByteCopy.copy(to, from + range.lowerBound, range.count)
                return range.count
            }
        }
    }

    /// Calls `body` with the content bytes (valid only during the call).
    @inline(__always) func withContent<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(chunk) {
            try body(UnsafeBufferPointer(start: chunk.base + start, count: Int(contentCount)))
        }
    }

    /// Calls `body` with the marks' bytes (valid only during the call).
    @inline(__always) func withMarkBytes<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(chunk) { try body(UnsafeRawPointer(chunk.base + start + Int(contentCount))) }
    }

    /// All marks (for tests and slow paths).
    var marks: [UInt32] { (0..<markCount).map(mark) }

    init(
        bytes: [UInt8], marks: [UInt32], separators: (element: UInt8, component: UInt8, repetition: UInt8?),
        index: Int, byteOffset: Int, line: Int
    ) {
        let chunk = EDISegmentChunk(capacity: bytes.count + 4 * marks.count)
        let start = chunk.claim(bytes.count + 4 * marks.count) ?? 0
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress {
                UnsafeMutableRawPointer(chunk.base + start).copyMemory(from: from, byteCount: source.count)
            }
        }
        marks.withUnsafeBytes { source in
            if let from = source.baseAddress {
                UnsafeMutableRawPointer(chunk.base + start + bytes.count).copyMemory(from: from, byteCount: source.count)
            }
        }
        self.init(
            chunk: chunk, start: start, contentCount: bytes.count, markCount: marks.count, separators: separators,
            index: index, byteOffset: byteOffset, line: line)
    }

    /// Creates a segment from bytes already in `chunk` at `start`: `contentCount` content bytes, then `markCount`
    /// marks as native-endian `UInt32`s.
    init(
        chunk: EDISegmentChunk, start: Int, contentCount: Int, markCount: Int,
        separators: (element: UInt8, component: UInt8, repetition: UInt8?), index: Int, byteOffset: Int, line: Int
    ) {
        self.chunk = chunk
        self.start = start
        self.contentCount = Int32(contentCount)
        self.markCount32 = Int32(markCount)
        self.separators = separators
        self.index = index
        self.byteOffset = byteOffset
        self.line = line
        let content = chunk.base + start
        var tagEnd = contentCount
        let raw = UnsafeRawPointer(content + contentCount)
        for k in 0..<markCount {
            let m = raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)
            if m & 3 == Mark.element.rawValue {
                tagEnd = Int(m >> 2)
                break
            }
        }
        self.tagEnd = Int32(tagEnd)
        var code: UInt32 = 0
        if tagEnd <= 4 {
            for k in 0..<tagEnd {
                // A NUL byte would make the packed code collide with a shorter tag: such tags get no code.
                if content[k] == 0 {
                    code = 0
                    break
                }
                code = code << 8 | UInt32(content[k])
            }
        }
        self.tagCode = code
        withExtendedLifetime(chunk) {}
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
        if !inner { return text(range) }
        let ps = pieces(ofElement: n)
        guard let first = ps.first else { return nil }
        if ps.count == 1 { return text(first.range) }
        var out: [UInt8] = []
        for (i, p) in ps.enumerated() {
            if i > 0 {
                out.append(p.component == 1 ? (separators.repetition ?? separators.element) : separators.component)
            }
            withContent { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[p.range])) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Component `c` (from 1) of repetition `r` (from 1) of element `n`, or `nil` when absent.
    public func component(_ n: Int, _ c: Int, repetition r: Int = 1) -> String? {
        for p in pieces(ofElement: n) where p.repetition == r && p.component == c {
            return text(p.range)
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
        guard a.contentCount == b.contentCount, a.markCount32 == b.markCount32, a.index == b.index,
            a.byteOffset == b.byteOffset
        else { return false }
        let size = Int(a.contentCount) + 4 * a.markCount
        return withExtendedLifetime((a.chunk, b.chunk)) {
            UnsafeRawBufferPointer(start: a.chunk.base + a.start, count: size)
                .elementsEqual(UnsafeRawBufferPointer(start: b.chunk.base + b.start, count: size))
        }
    }

    /// Hashes content and position.
    public func hash(into hasher: inout Hasher) {
        withExtendedLifetime(chunk) {
            hasher.combine(
                bytes: UnsafeRawBufferPointer(start: chunk.base + start, count: Int(contentCount) + 4 * markCount))
        }
        hasher.combine(index)
    }
}
