import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time of other processes, from `/proc/<pid>/stat`: what a benchmark phase cost, whatever the machine's
/// load (elapsed time stretches under load, CPU time much less).
extension ProcessCPU {
    /// User plus system CPU seconds `pid` has used so far, or `nil` if it is gone.
    static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The machine's 1-, 5- and 15-minute load averages, from `/proc/loadavg`.
    static func loadAverages() -> [Double] {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return [] }
        return text.split(separator: " ").prefix(3).compactMap { Double($0) }
    }
}
