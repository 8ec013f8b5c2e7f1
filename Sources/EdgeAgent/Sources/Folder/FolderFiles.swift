#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The file-system steps of the folder source: listing, moving between stage folders, atomic writes; each one
/// made durable (the folder is synced) before it returns.
enum FolderFiles {
    /// A file in a folder.
    struct Entry: Sendable, Hashable {
        var name: String
        var size: UInt64
        var modified: Double
    }

    /// Creates `path` (and its parents) if it does not exist.
    static func ensureFolder(_ path: String) throws(FileSourceError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSourceError(.fileSystem, "cannot create the folder \(path): \(error.localizedDescription)")
        }
    }

    /// The regular files of `folder` whose names match `pattern`, sorted by name; names starting with `.` or
    /// ending in `.tmp`, `.part` or `.reason` are never taken (files still being written, reason files).
    static func list(_ folder: String, pattern: String) throws(FileSourceError) -> [Entry] {
        guard let directory = opendir(folder) else {
            throw FileSourceError(.fileSystem, "cannot list the folder \(folder): \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard !name.hasPrefix("."), ![".tmp", ".part", ".reason"].contains(where: name.hasSuffix),
                fnmatch(pattern, name, 0) == 0
            else { continue }
            var info = stat()
            guard stat(folder + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            entries.append(
                Entry(
                    name: name, size: UInt64(info.st_size),
                    modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// Moves `name` from `source` to `destination` (renamed `name.1`, `name.2`, … if taken); returns the new name.
    @discardableResult
    static func move(_ name: String, from source: String, to destination: String) throws(FileSourceError) -> String {
        var target = name
        var counter = 0
        while access(destination + "/" + target, F_OK) == 0 {
            counter += 1
            target = "\(name).\(counter)"
        }
        guard rename(source + "/" + name, destination + "/" + target) == 0 else {
            throw FileSourceError(
                .fileSystem,
                "cannot move \(source)/\(name) to \(destination): \(String(cString: strerror(errno))); "
                    + "the folders must be on one file system and writable")
        }
        sync(folder: destination)
        sync(folder: source)
        return target
    }

    /// Writes `bytes` to `folder/name` through a temporary file and a rename, so readers never see part of it.
    static func writeAtomically(_ bytes: [UInt8], to folder: String, name: String) throws(FileSourceError) {
        let temporary = folder + "/." + name + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileSourceError(.fileSystem, "cannot create \(temporary): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw FileSourceError(.fileSystem, "cannot write \(temporary): \(reason)")
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, folder + "/" + name) == 0 else {
            throw FileSourceError(.fileSystem, "cannot rename \(temporary) to \(name): \(String(cString: strerror(errno)))")
        }
        sync(folder: folder)
    }

    /// A file's content hash, size and first bytes, read in one streaming pass.
    struct Summary {
        var hash: String
        var size: UInt64
        var head: [UInt8]
    }

    /// Reads `path` once in large chunks: SHA-256, size and the first 64 bytes, without holding the file.
    static func summarize(_ path: String) throws(FileSourceError) -> Summary {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FileSourceError(.unreadable, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var size: UInt64 = 0
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(size)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileSourceError(.unreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            if head.count < 64 { head += chunk[0..<min(n, 64 - head.count)] }
            hasher.update(Array(chunk[0..<n]))
            size += UInt64(n)
        }
        return Summary(hash: hasher.finish().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(),
            size: size, head: head)
    }

    /// Reads the whole file.
    static func read(_ path: String) throws(FileSourceError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSourceError(.unreadable, "cannot read \(path); check that it is a readable file")
        }
        return [UInt8](data)
    }

    private static func sync(folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
