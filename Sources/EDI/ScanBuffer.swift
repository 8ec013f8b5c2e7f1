import WireProtocol

/// The segment being scanned: its content bytes and piece marks, in manually managed memory so that the
/// per-byte path has no copy-on-write checks.
final class ScanBuffer {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private(set) var marks: UnsafeMutablePointer<UInt32>
    private(set) var markCount = 0
    private var markCapacity: Int

    /// For each byte value, 1 when the byte needs attention in segment mode (a delimiter, line break or release
    /// character of the current interchange), else 0.
    let special: UnsafeMutablePointer<UInt8>

    init(capacity: Int = 512, markCapacity: Int = 64) {
        self.capacity = capacity
        self.markCapacity = markCapacity
        bytes = .allocate(capacity: capacity)
        marks = .allocate(capacity: markCapacity)
        special = .allocate(capacity: 256)
        special.initialize(repeating: 0, count: 256)
    }

    deinit {
        bytes.deallocate()
        marks.deallocate()
        special.deallocate()
    }

    /// Makes `bytes` the ones that need attention.
    func setSpecial(_ bytes: [UInt8]) {
        special.update(repeating: 0, count: 256)
        for b in bytes { special[Int(b)] = 1 }
    }

    var isEmpty: Bool { count == 0 && markCount == 0 }

    @inline(__always) func append(_ b: UInt8) {
        if count == capacity { grow(count + 1) }
        bytes[count] = b
        count += 1
    }

    @inline(__always) func append(_ run: UnsafeBufferPointer<UInt8>) {
        let n = run.count
        if count + n > capacity { grow(count + n) }
        ByteCopy.copy(bytes + count, run.baseAddress!, n)
        count += n
    }

    @inline(__always) func mark(_ kind: EDISegment.Mark) {
        if markCount == markCapacity {
            let bigger = UnsafeMutablePointer<UInt32>.allocate(capacity: markCapacity * 2)
            bigger.moveInitialize(from: marks, count: markCount)
            marks.deallocate()
            marks = bigger
            markCapacity *= 2
        }
        marks[markCount] = UInt32(count) << 2 | kind.rawValue
        markCount += 1
    }

    func clear() {
        count = 0
        markCount = 0
    }

    func byte(_ i: Int) -> UInt8 { bytes[i] }

    var firstMark: UInt32? { markCount > 0 ? marks[0] : nil }

    func prefix(_ n: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: bytes, count: min(n, count))) }

    /// The block the next segments are stored in.
    private var chunk = EDISegmentChunk(capacity: EDISegmentChunk.defaultCapacity)

    /// Copies the content and the marks into the current block (a new one when it is full) and returns the
    /// segment made of them.
    func segment(
        separators: (element: UInt8, component: UInt8, repetition: UInt8?), index: Int, byteOffset: Int, line: Int
    ) -> EDISegment {
        let markBytes = markCount * 4
        let size = count + markBytes
        let start: Int
        if let offset = chunk.claim(size) {
            start = offset
        } else {
            chunk = EDISegmentChunk(capacity: max(EDISegmentChunk.defaultCapacity, size))
            start = chunk.claim(size) ?? 0
        }
        let base = chunk.base + start
        ByteCopy.copy(base, bytes, count)
        ByteCopy.copy(base + count, marks, markBytes)
        return EDISegment(
            chunk: chunk, start: start, contentCount: count, markCount: markCount, separators: separators,
            index: index, byteOffset: byteOffset, line: line)
    }

    private func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.moveInitialize(from: bytes, count: count)
        bytes.deallocate()
        bytes = bigger
        capacity = c
    }
}
