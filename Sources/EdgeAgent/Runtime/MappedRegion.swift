/// One mapping of a process's address space as `/proc/PID/smaps` describes it.
struct MappedRegion: Sendable, Hashable {
    /// First address.
    var start: UInt
    /// One past the last address.
    var end: UInt
    /// The permission field, e.g. `r-xp`.
    var permissions: String
    /// The mapped file, or a pseudo-name such as `[heap]`, or empty for anonymous memory.
    var path: String
    /// Resident bytes (`Rss`).
    var residentBytes: Int = 0
    /// Anonymous bytes (`Anonymous`): pages copied on write or never backed by the file.
    var anonymousBytes: Int = 0

    /// Whether unmapping the region's pages can change nothing the process sees: read-only, backed by a file, and
    /// without a single page that differs from the file.
    var isCleanFileMapping: Bool {
        permissions.count == 4 && !permissions.contains("w") && path.hasPrefix("/") && anonymousBytes == 0
            && residentBytes > 0
    }

    /// The regions of an smaps text whose pages can be dropped, in address order.
    static func releasable(inSmaps text: String) -> [MappedRegion] {
        parse(smaps: text).filter(\.isCleanFileMapping)
    }

    /// Every region of an smaps text; a region whose header cannot be read is left out.
    static func parse(smaps text: String) -> [MappedRegion] {
        var regions: [MappedRegion] = []
        var current: MappedRegion?
        for line in text.split(separator: "\n") {
            if let header = MappedRegion(header: line) {
                if let current { regions.append(current) }
                current = header
            } else if line.hasPrefix("Rss:") {
                current?.residentBytes = (kilobytes(line) ?? 0) * 1024
            } else if line.hasPrefix("Anonymous:") {
                current?.anonymousBytes = (kilobytes(line) ?? 0) * 1024
            }
        }
        if let current { regions.append(current) }
        return regions
    }

    /// Reads a header line: `start-end perms offset dev inode [path]`.
    init?(header line: Substring) {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5 else { return nil }
        let range = fields[0].split(separator: "-")
        guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16), start < end,
            fields[1].count == 4
        else { return nil }
        self.start = start
        self.end = end
        permissions = String(fields[1])
        path = fields.count == 6 ? String(fields[5].drop(while: { $0 == " " })) : ""
    }

    /// The number in a `Key:   123 kB` line.
    static func kilobytes(_ line: Substring) -> Int? {
        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
    }
}
