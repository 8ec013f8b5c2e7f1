#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lists the files that match a source's glob patterns, with what `stat` says about each.
enum FileDiscovery {
    /// A matching path.
    struct Candidate: Sendable, Hashable {
        var path: String
        var device: UInt64
        var inode: UInt64
        var size: UInt64
        /// The modification time, seconds since 1970.
        var modified: Double
        /// Whether it matched `paths` (else only `rotated_paths`).
        var isMain: Bool
    }

    /// A matching path that is not a regular file, or that `stat` refused.
    struct Skipped: Sendable, Hashable {
        var path: String
        var reason: String
    }

    /// Every regular file matching `patterns` (main) or only `rotatedPatterns`, sorted by path.
    static func scan(patterns: [String], rotatedPatterns: [String]) -> (candidates: [Candidate], skipped: [Skipped]) {
        var candidates: [Candidate] = []
        var skipped: [Skipped] = []
        var seen = Set<String>()
        for (patternsOfKind, isMain) in [(patterns, true), (rotatedPatterns, false)] {
            for path in patternsOfKind.flatMap(expand) where seen.insert(path).inserted {
                if !isMain, compressedSuffixes.contains(where: path.hasSuffix) { continue }
                var info = stat()
                guard stat(path, &info) == 0 else {
                    if errno != ENOENT {
                        skipped.append(Skipped(path: path, reason: "cannot stat it: \(String(cString: strerror(errno)))"))
                    }
                    continue
                }
                guard (info.st_mode & S_IFMT) == S_IFREG else {
                    if isMain {
                        let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
                        skipped.append(Skipped(path: path, reason: "it is \(kind); only regular files are tailed"))
                    }
                    continue
                }
                candidates.append(
                    Candidate(
                        path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                        size: UInt64(info.st_size),
                        modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9, isMain: isMain))
            }
        }
        return (candidates, skipped)
    }

    /// Rotated files with these endings are compressed copies: never read.
    static let compressedSuffixes = [".gz", ".bz2", ".xz", ".zst", ".zip", ".lz4"]

    /// The paths matching one glob pattern, sorted.
    static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let pointer = result.gl_pathv[index] { paths.append(String(cString: pointer)) }
        }
        return paths.sorted()
    }
}
