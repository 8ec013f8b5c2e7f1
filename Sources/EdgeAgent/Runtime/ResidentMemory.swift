#if canImport(Glibc)
    import Glibc
#endif

/// Hands the pages an idle agent no longer uses back to the kernel: free heap, and the start-up code and read-only
/// data that stay mapped after the agent has connected.
///
/// A long-running agent touches much of its code once (configuration, TLS set-up, every source type's settings) and
/// then runs a small loop. The pages it touched once stay in its resident set until the kernel is short of memory.
/// ``releaseIdlePages()`` unmaps them from the process with `madvise(MADV_DONTNEED)` so that the resident set is the
/// working set; the next use of such a page is a minor fault from the page cache.
///
/// Only mappings whose every resident page is an unmodified page of a file qualify: read-only, file-backed, with no
/// anonymous (copied-on-write) pages, such as the relocated read-only data after start. Dropping such a page is what
/// the kernel itself does to clean file pages under memory pressure, so no content can change.
public enum ResidentMemory {
    /// What one release did.
    public struct Release: Sendable, Hashable {
        /// Resident bytes of the process before (`VmRSS`), if known.
        public var residentBefore: Int?
        /// Resident bytes of the process after, if known.
        public var residentAfter: Int?
        /// Resident bytes of the file mappings that were unmapped.
        public var releasedFileBytes: Int
        /// How many mappings were advised.
        public var mappings: Int
    }

    /// Returns free heap memory and unmaps clean file pages; about 10 ms, so call it when idle, not in a loop.
    @discardableResult
    public static func releaseIdlePages() -> Release {
        let before = residentBytes()
        MallocTuning.trim()
        var released = 0
        var advised = 0
        #if os(Linux)
            if let smaps = readProcFile("/proc/self/smaps") {
                for region in MappedRegion.releasable(inSmaps: smaps) {
                    guard let start = UnsafeMutableRawPointer(bitPattern: region.start) else { continue }
                    if madvise(start, Int(region.end - region.start), MADV_DONTNEED) == 0 {
                        released += region.residentBytes
                        advised += 1
                    }
                }
            }
        #endif
        return Release(
            residentBefore: before, residentAfter: residentBytes(), releasedFileBytes: released, mappings: advised)
    }

    /// The process's resident set in bytes (`VmRSS` of `/proc/self/status`), or `nil` where there is none.
    public static func residentBytes() -> Int? {
        statusBytes("VmRSS")
    }

    /// A size field of `/proc/PID/status` (`VmRSS`, `VmHWM`, …) in bytes, for `pid` (`self` for this process), or
    /// `nil` if the process or the field is not there.
    public static func statusBytes(_ field: String, pid: String = "self") -> Int? {
        guard let status = readProcFile("/proc/\(pid)/status") else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return MappedRegion.kilobytes(line).map { $0 * 1024 }
        }
        return nil
    }

    /// The whole text of a `/proc` file (their size is not known in advance), or `nil` if it cannot be read.
    static func readProcFile(_ path: String) -> String? {
        #if os(Linux)
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                bytes.append(contentsOf: chunk[0..<count])
            }
            return String(decoding: bytes, as: UTF8.self)
        #else
            return nil
        #endif
    }
}
