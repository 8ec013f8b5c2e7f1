/// A block of memory holding the bytes of many consecutive segments, so that the scanner allocates once per block
/// rather than once per segment.
///
/// Each segment occupies a contiguous run: its content bytes, then its marks as native-endian `UInt32`s (see
/// ``EDISegment``). Runs are only ever appended and never change once written, so a segment can be read on any
/// thread while the scanner appends further segments to the same block. A block is freed when the last segment in
/// it is gone; a caller that keeps a few segments of a large file keeps their blocks (at most
/// ``defaultCapacity`` bytes each) alive.
final class EDISegmentChunk: @unchecked Sendable {
    /// The size of a block unless one segment needs more.
    static let defaultCapacity = 16 * 1024

    /// The first byte of the block.
    let base: UnsafeMutablePointer<UInt8>
    /// The block's size in bytes.
    let capacity: Int
    /// How many bytes are taken; only the writer (the scanner, or a segment initialiser) reads or changes it.
    private var used = 0

    /// Allocates a block of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Takes the next `count` bytes and returns their offset, or `nil` when the block has no room left.
    @inline(__always) func claim(_ count: Int) -> Int? {
        guard capacity - used >= count else { return nil }
        defer { used += count }
        return used
    }
}
