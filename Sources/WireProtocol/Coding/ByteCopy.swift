/// Copies short byte runs without a call to `memcpy`, which costs more than the copy itself for the few bytes of a
/// JSON key, a string value or an EDI element.
package enum ByteCopy {
    /// Copies `n` bytes from `source` to `target` (which do not overlap): under eight bytes as two overlapping halves
    /// of four, two or one byte; up to 32 bytes as words, the last word overlapping bytes already copied; longer runs
    /// through `memcpy`. Only the `n` bytes at each end are read and written.
    @inlinable @inline(__always)
    package static func copy(_ target: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ n: Int) {
        if n < 8 {
            if n >= 4 {
                target.storeBytes(of: source.loadUnaligned(as: UInt32.self), as: UInt32.self)
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self), toByteOffset: n - 4,
                    as: UInt32.self)
            } else if n >= 2 {
                target.storeBytes(of: source.loadUnaligned(as: UInt16.self), as: UInt16.self)
                target.storeBytes(
                    of: source.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self), toByteOffset: n - 2,
                    as: UInt16.self)
            } else if n == 1 {
                target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            }
            return
        }
        guard n <= 32 else {
            target.copyMemory(from: source, byteCount: n)
            return
        }
        var k = 0
        while k + 8 <= n {
            target.storeBytes(
                of: source.loadUnaligned(fromByteOffset: k, as: UInt64.self), toByteOffset: k, as: UInt64.self)
            k += 8
        }
        if k < n {
            target.storeBytes(
                of: source.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), toByteOffset: n - 8, as: UInt64.self)
        }
    }
}
