#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file a tailed path is, independent of its name: device, inode and a fingerprint of its first bytes.
///
/// The fingerprint covers the file's first records (the first line of JSON lines; the header and the first row of
/// CSV), at most ``FileFingerprint/maxBytes`` bytes. Those bytes never change while a file is appended to, so the
/// identity (and every event id built from it) is the same on every read; a new file that reuses a deleted file's
/// inode has other first bytes and so another identity. When a file is truncated in place (copytruncate) and its
/// new content starts with the same bytes, ``generation`` tells the two contents apart.
public struct FileIdentity: Sendable, Hashable {
    /// The device (`st_dev`).
    public var device: UInt64
    /// The inode (`st_ino`).
    public var inode: UInt64
    /// FNV-1a 64 of the fingerprinted prefix.
    public var fingerprint: UInt64
    /// How many bytes the fingerprint covers.
    public var fingerprintLength: Int
    /// How many times this file was truncated and refilled with the same first bytes.
    public var generation: Int

    /// Creates an identity.
    public init(device: UInt64, inode: UInt64, fingerprint: UInt64, fingerprintLength: Int, generation: Int = 0) {
        self.device = device
        self.inode = inode
        self.fingerprint = fingerprint
        self.fingerprintLength = fingerprintLength
        self.generation = generation
    }

    /// The text used in event ids: `<device>.<inode>.<fingerprint hex>[.g<generation>]`.
    public var idText: String {
        let base = "\(device).\(inode).\(FileFingerprint.hex(fingerprint))"
        return generation == 0 ? base : "\(base).g\(generation)"
    }
}

/// Computes and checks the fingerprint of a file's first records.
public enum FileFingerprint {
    /// The most bytes a fingerprint covers.
    public static let maxBytes = 4096

    /// The fingerprint of `prefix` (the file's first bytes, up to ``maxBytes``), or `nil` while the file is too
    /// short to tell: fewer than `lines` complete lines and fewer than ``maxBytes`` bytes.
    public static func compute(prefix: [UInt8], lines: Int) -> (hash: UInt64, length: Int)? {
        var seen = 0
        var end: Int?
        for index in prefix.indices where prefix[index] == UInt8(ascii: "\n") {
            seen += 1
            if seen == lines {
                end = index + 1
                break
            }
        }
        if end == nil, prefix.count >= maxBytes { end = maxBytes }
        guard let end else { return nil }
        return (hash(prefix[..<end]), end)
    }

    /// FNV-1a 64.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        return value
    }

    /// Sixteen lower-case hex digits.
    public static func hex(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// Reads up to `count` bytes from the start of the open file `fd`.
    static func readPrefix(fd: Int32, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + filled, count - filled, off_t(filled))
            }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            filled += n
        }
        return Array(buffer[..<filled])
    }
}
