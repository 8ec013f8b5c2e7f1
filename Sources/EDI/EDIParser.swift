#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streaming parser for X12 and EDIFACT: feed bytes in chunks, receive ``EDIEvent``s as they complete.
///
/// Memory is bounded by the largest transaction set, not by the file: the parser holds only the segment being
/// read and the segments of the open set. A parser is not copyable: it owns its scan buffer.
///
/// ```swift
/// try EDIParser.parseFile(atPath: "/in/orders.edi") { event in
///     if case .transactionSet(let set) = event, set.isAccepted { … }
/// }
/// ```
public struct EDIParser: ~Copyable {
    /// Limits and checks.
    public struct Options: Sendable {
        /// A segment longer than this is an error (a missing or wrong terminator, or not EDI). Default 1 MiB.
        public var maxSegmentLength: Int
        /// Whether the elements of known segments (997/999, EDIFACT commercial segments) are checked.
        public var checksElements: Bool
        /// Bytes read from a file at a time. Default 64 KiB.
        public var chunkSize: Int

        /// Creates options.
        public init(maxSegmentLength: Int = 1 << 20, checksElements: Bool = true, chunkSize: Int = 1 << 16) {
            self.maxSegmentLength = maxSegmentLength
            self.checksElements = checksElements
            self.chunkSize = chunkSize
        }
    }

    private var scanner: EDIScanner
    private var envelope: EDIEnvelopeParser
    private var finished = false

    /// Creates a parser for one input; `file` names it in every error.
    public init(file: String, options: Options = Options()) {
        scanner = EDIScanner(file: file, maxSegmentLength: options.maxSegmentLength)
        envelope = EDIEnvelopeParser(file: file, validator: EDISetValidator(checksElements: options.checksElements))
    }

    /// Reads the next chunk of input; completed events go to `handler`.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handler: (EDIEvent) throws -> Void) throws {
        try Self.run(&scanner, &envelope, chunk, handler)
    }

    /// Reads the next chunk of input from an array.
    public mutating func feed(_ bytes: [UInt8], _ handler: (EDIEvent) throws -> Void) throws {
        try bytes.withUnsafeBufferPointer { try feed($0, handler) }
    }

    /// Ends the input: reports truncation (open segment, set, group or interchange) and empty input.
    public mutating func finish(_ handler: (EDIEvent) throws -> Void) throws {
        guard !finished else { return }
        finished = true
        try Self.finish(&scanner, &envelope, handler)
    }

    private static func run(
        _ scanner: inout EDIScanner, _ envelope: inout EDIEnvelopeParser, _ chunk: UnsafeBufferPointer<UInt8>,
        _ handler: (EDIEvent) throws -> Void
    ) throws {
        try scanner.feed(chunk) { try envelope.handle($0, handler) }
    }

    private static func finish(
        _ scanner: inout EDIScanner, _ envelope: inout EDIEnvelopeParser, _ handler: (EDIEvent) throws -> Void
    ) throws {
        try scanner.finish { try envelope.handle($0, handler) }
        try envelope.finish(handler, endOffset: scanner.offset, line: scanner.line)
    }

    /// Parses a whole byte array.
    public static func parse(
        _ bytes: [UInt8], file: String, options: Options = Options(), _ handler: (EDIEvent) throws -> Void
    ) throws {
        var parser = EDIParser(file: file, options: options)
        try parser.feed(bytes, handler)
        try parser.finish(handler)
    }

    /// Streams a file from disk in chunks of ``Options/chunkSize`` bytes.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - name: the name errors use; the last path component by default.
    /// - Throws: ``EDIError`` with code `unreadableFile` when the file cannot be read, or what `handler` throws.
    public static func parseFile(
        atPath path: String, as name: String? = nil, options: Options = Options(),
        _ handler: (EDIEvent) throws -> Void
    ) throws {
        let label = name ?? String(path.split(separator: "/").last ?? Substring(path))
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw EDIError(
                .unreadableFile, at: EDIPosition(file: label),
                "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var parser = EDIParser(file: label, options: options)
        let size = max(options.chunkSize, 4096)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, size)
            if n < 0 {
                if errno == EINTR { continue }
                throw EDIError(
                    .unreadableFile, at: EDIPosition(file: label),
                    "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try parser.feed(UnsafeBufferPointer(rebasing: buffer[0..<n]), handler)
        }
        try parser.finish(handler)
    }
}
