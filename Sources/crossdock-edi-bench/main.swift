// crossdock-edi-bench: generates X12 files of the given sizes (many 856 and 940 sets in one interchange),
// parses each with the streaming parser and prints throughput and peak memory.
//
//   swift run -c release crossdock-edi-bench                 # 10 MB and 100 MB
//   swift run -c release crossdock-edi-bench --size-mb 100   # one size; repeat the flag for more
//   swift run -c release crossdock-edi-bench --map           # parse, map every set, write its CloudEvent JSON
//   swift run -c release crossdock-edi-bench --dir /var/tmp --keep
//   swift run -c release crossdock-edi-bench --outline FILE  # print the structure of an EDI file
//   swift run -c release crossdock-edi-bench --file FILE     # time the parse (with --map: and mapping) of a file
//   swift run -c release crossdock-edi-bench --sets-per-group 500  # 856 and 940 groups alternate more often
//   swift run -c release crossdock-edi-bench --file FILE --map --out EVENTS  # also write the events, one a line

import EDI
import WireProtocol

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

var sizes: [Int] = []
var directory = "/tmp"
var keep = false
var outlines: [String] = []
var existing: String?
var map = false
var eventsPath: String?
var setsPerGroup = 50_000
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--size-mb":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
            fatalError("--size-mb needs a positive number of megabytes")
        }
        sizes.append(value)
    case "--dir":
        guard let value = arguments.popFirst() else { fatalError("--dir needs a directory") }
        directory = value
    case "--sets-per-group":
        guard let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
            fatalError("--sets-per-group needs a positive number of sets")
        }
        setsPerGroup = value
    case "--map":
        map = true
    case "--keep":
        keep = true
    case "--out":
        guard let value = arguments.popFirst() else { fatalError("--out needs a file") }
        eventsPath = value
    case "--file":
        guard let value = arguments.popFirst() else { fatalError("--file needs a file") }
        existing = value
    case "--outline":
        guard let value = arguments.popFirst() else { fatalError("--outline needs a file") }
        outlines.append(value)
    case "-h", "--help":
        print(
            "usage: crossdock-edi-bench [--size-mb N]... [--sets-per-group N] [--map] [--dir DIR] [--keep] | --file FILE [--map [--out EVENTS]] | --outline FILE..."
        )
        exit(0)
    default:
        printError("crossdock-edi-bench: unknown argument \(argument) (try --help)")
        exit(2)
    }
}

if !outlines.isEmpty {
    for path in outlines {
        let document = try EDIDocument.read(atPath: path)
        print(document.outline, terminator: "")
    }
    exit(0)
}
if sizes.isEmpty && existing == nil { sizes = [10, 100] }

print(
    map
        ? "crossdock-edi-bench: streaming X12 parse (envelope, counts, segment checks) + mapping to canonical events (940 → order.released, 856 → shipment.advised), each written as the CloudEvent JSON the agent stores and `edi translate` prints (attributes + data, EDIMappedEvent.encodedCloudEvent), 64 KiB reads"
        : "crossdock-edi-bench: streaming X12 parse (envelope, counts and segment checks), 64 KiB reads")
print("size MB | sets    | segments   | seconds | MB/s   | CPU s | MB/s per CPU s | peak RSS MB (VmHWM)")
if let existing {
    var info = stat()
    guard stat(existing, &info) == 0 else { fatalError("cannot read \(existing)") }
    let events = eventsPath.map { path -> UnsafeMutablePointer<FILE> in
        guard let file = fopen(path, "w") else { fatalError("cannot write \(path)") }
        return file
    }
    let run = try Run.measure(path: existing, map: map, events: events)
    if let events { fclose(events) }
    guard run.problems == 0, run.events == 0 || run.eventBytes > 0 else {
        printError("crossdock-edi-bench: \(existing): \(run.problems) problems")
        exit(1)
    }
    print(run.line(bytes: Int(info.st_size)))
}
for size in sizes {
    let path = "\(directory)/crossdock-edi-bench-\(getpid())-\(size)mb.edi"
    let generated = try BenchFile.generate(path: path, megabytes: size, setsPerGroup: setsPerGroup)
    let run = try Run.measure(path: path, map: map)
    if !keep { unlink(path) } else { print("kept \(path)") }
    guard run.problems == 0, run.sets == BenchFile.lastSetCount,
        !map || (run.events == run.sets && run.eventBytes > 0)
    else {
        printError(
            "crossdock-edi-bench: parse found \(run.problems) problems and \(run.sets) of \(BenchFile.lastSetCount) sets")
        exit(1)
    }
    print(run.line(bytes: generated))
}

/// One timed parse (and, with `map`, translation) of a file.
struct Run {
    var sets = 0
    var segments = 0
    var problems = 0
    var events = 0
    /// The bytes of the events' CloudEvent JSON (attributes and data), as the agent's outbox stores each event.
    var eventBytes = 0
    var seconds = 0.0
    var cpu = 0.0

    /// Parses the file at `path`, translating every set when `map` is set, and times it.
    ///
    /// With `events`, each event's JSON is also written there, one a line (to compare the output of two builds).
    static func measure(path: String, map: Bool, events: UnsafeMutablePointer<FILE>? = nil) throws -> Run {
        var run = Run()
        let translator = EDITranslator(file: path)
        let identity = try AgentIdentity(tenant: "bench", site: "edi", agent: "bench")
        let source = "/bench/edi/bench/folder/edi"
        let clock = ContinuousClock()
        let cpuStart = cpuSeconds()
        let start = clock.now
        try EDIParser.parseFile(atPath: path) { event in
            switch event {
            case .transactionSet(let set):
                run.sets += 1
                run.segments += set.segments.count
                run.problems += set.problems.count
                if map {
                    do {
                        for event in try translator.translate(set) {
                            run.events += 1
                            let json = event.encodedCloudEvent(
                                source: source, identity: identity, sequence: UInt64(run.events))
                            run.eventBytes += json.count
                            if let events {
                                _ = json.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, events) }
                                fputc(10, events)
                            }
                        }
                    } catch {
                        run.problems += 1
                    }
                }
            case .groupEnded(let g): run.problems += g.problems.count
            case .interchangeEnded(let i): run.problems += i.problems.count
            case .rejected: run.problems += 1
            default: break
            }
        }
        let elapsed = clock.now - start
        run.cpu = cpuSeconds() - cpuStart
        run.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return run
    }

    /// The table row for a file of `bytes` bytes.
    func line(bytes: Int) -> String {
        let megabytes = Double(bytes) / 1_000_000
        return
            "\(pad(String(format1(megabytes)), 7)) | \(pad(String(sets), 7)) | \(pad(String(segments), 10)) | \(pad(format2(seconds), 7)) | \(pad(format1(megabytes / seconds), 6)) | \(pad(format2(cpu), 5)) | \(pad(format1(megabytes / cpu), 14)) | \(format1(Double(peakRSSKilobytes()) / 1024))"
    }
}

/// Writes one line to standard error.
func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func format1(_ x: Double) -> String { String(Double(Int(x * 10)) / 10) }
func format2(_ x: Double) -> String { String(Double(Int(x * 100)) / 100) }

/// User plus system CPU time of this process, in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Peak resident set size of this process in KiB (VmHWM from /proc/self/status), 0 where unavailable.
func peakRSSKilobytes() -> Int {
    guard let f = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix("VmHWM:") {
            return Int(s.dropFirst(6).filter { $0.isNumber }) ?? 0
        }
    }
    return 0
}
