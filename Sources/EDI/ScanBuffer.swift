/// The segment being scanned: its content bytes and piece marks, in manually managed memory so that the
/// per-byte path has no copy-on-write checks.
final class ScanBuffer {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private(set) var marks: UnsafeMutablePointer<UInt32>
    private(set) var markCount = 0
    private var markCapacity: Int

    init(capacity: Int = 512, markCapacity: Int = 64) {
        self.capacity = capacity
        self.markCapacity = markCapacity
        bytes = .allocate(capacity: capacity)
        marks = .allocate(capacity: markCapacity)
    }

    deinit {
        bytes.deallocate()
        marks.deallocate()
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
        (bytes + count).update(from: run.baseAddress!, count: n)
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

    /// The content followed by the marks, as one array (``EDISegment`` storage).
    func storage() -> [UInt8] {
        let markBytes = markCount * 4
        return [UInt8](unsafeUninitializedCapacity: count + markBytes) { out, initialized in
            let base = out.baseAddress!
            base.update(from: bytes, count: count)
            UnsafeMutableRawPointer(base + count).copyMemory(from: marks, byteCount: markBytes)
            initialized = count + markBytes
        }
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
