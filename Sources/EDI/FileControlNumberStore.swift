import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A ``ControlNumberStore`` in one small text file: `partner<TAB>kind<TAB>last number` per line.
///
/// Each reservation reads the file, increments, writes a temporary file, `fsync`s it, renames it over the old
/// one and `fsync`s the directory, under an exclusive `flock` on a lock file beside it — so two processes never
/// hand out the same number and a crash never loses one. Fine for the tens of outbound files a minute an agent
/// writes; the agent's SQLite store is the seam for more.
public final class FileControlNumberStore: ControlNumberStore {
    /// The state file.
    public let path: String
    private let lock = Mutex(())

    /// Uses (and creates on first use) the state file at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Reserves the next number; see ``ControlNumberStore/next(_:for:)``.
    public func next(_ kind: ControlNumberKind, for partner: String) throws -> Int {
        try lock.withLock { _ in
            let lockFD = open(path + ".lock", O_RDWR | O_CREAT, 0o644)
            guard lockFD >= 0 else { throw ioError("open \(path).lock") }
            defer { close(lockFD) }
            guard flock(lockFD, LOCK_EX) == 0 else { throw ioError("lock \(path).lock") }
            defer { _ = flock(lockFD, LOCK_UN) }
            var table = try load()
            let key = partner.replacingTabs() + "\t" + kind.rawValue
            let last = table[key] ?? 0
            let next = last >= 999_999_999 ? 1 : last + 1
            table[key] = next
            try save(table)
            return next
        }
    }

    /// The last number handed out, or 0; for diagnostics.
    public func last(_ kind: ControlNumberKind, for partner: String) throws -> Int {
        try lock.withLock { _ in try load()[partner.replacingTabs() + "\t" + kind.rawValue] ?? 0 }
    }

    private func load() throws -> [String: Int] {
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return [:] }
            throw ioError("open \(path)")
        }
        defer { close(fd) }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("read \(path)")
            }
            if n == 0 { break }
            data += chunk[0..<n]
        }
        var table: [String: Int] = [:]
        for (i, line) in data.split(separator: 0x0A).enumerated() {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count == 3, let n = Int(String(decoding: fields[2], as: UTF8.self)) else {
                throw ControlNumberError(
                    code: .corrupt,
                    message:
                        "\(path) line \(i + 1) is not 'partner<TAB>kind<TAB>number': restore it from backup or set the partner's last numbers by hand"
                )
            }
            table[String(decoding: fields[0], as: UTF8.self) + "\t" + String(decoding: fields[1], as: UTF8.self)] = n
        }
        return table
    }

    private func save(_ table: [String: Int]) throws {
        let text = table.keys.sorted().map { "\($0)\t\(table[$0]!)\n" }.joined()
        let temp = path + ".tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ioError("create \(temp)") }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                close(fd)
                throw ioError("write \(temp)")
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            close(fd)
            throw ioError("fsync \(temp)")
        }
        close(fd)
        guard rename(temp, path) == 0 else { throw ioError("rename \(temp) to \(path)") }
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY)
        if dirFD >= 0 {
            _ = fsync(dirFD)
            close(dirFD)
        }
    }

    private func ioError(_ what: String) -> ControlNumberError {
        ControlNumberError(
            code: .io,
            message: "cannot \(what): \(String(cString: strerror(errno))); check the directory exists and is writable")
    }
}

extension String {
    fileprivate func replacingTabs() -> String {
        String(decoding: utf8.map { $0 == 0x09 || $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }
}
