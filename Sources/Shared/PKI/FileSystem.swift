#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file operations PKI and broker configuration need, without Foundation.
package enum FileSystem {
    /// Creates `path` and missing parents; sets `mode` on `path` (also if it existed).
    package static func makeDirectory(_ path: String, mode: mode_t) throws(PKIError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw PKIError(.fileSystem, "cannot create directory \(current): \(String(cString: strerror(errno)))")
            }
        }
        try setMode(path, mode)
    }

    /// Sets the permission bits of `path`.
    package static func setMode(_ path: String, _ mode: mode_t) throws(PKIError) {
        if chmod(path, mode) != 0 {
            throw PKIError(
                .fileSystem, "cannot set mode \(String(mode, radix: 8)) on \(path): \(String(cString: strerror(errno)))"
            )
        }
    }

    /// Gives `path` to group `group` when running as root and the group exists; otherwise leaves it.
    package static func giveGroup(_ path: String, _ group: String) {
        guard geteuid() == 0, let entry = getgrnam(group) else { return }
        _ = chown(path, 0, entry.pointee.gr_gid)
    }

    /// Writes `text` to `path` (replacing it) with permissions `mode`.
    package static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(PKIError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw PKIError(.fileSystem, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw PKIError(.fileSystem, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        try setMode(path, mode)
    }

    /// The contents of `path` as UTF-8 text, or `nil` if it cannot be read.
    package static func read(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
