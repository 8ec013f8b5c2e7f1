/// Turns bytes into segments, chunk by chunk, holding only the segment being read.
///
/// The scanner finds interchange headers (X12 `ISA`, EDIFACT `UNA`/`UNB`), takes each interchange's delimiters
/// from its header, and cuts the bytes that follow into ``EDISegment`` values. Line breaks are ignored when the
/// terminator is not a line break (so `~` + LF, `~` + CRLF and files hard-wrapped at 80 columns all read the
/// same). After a problem it resynchronises at the next interchange header.
struct EDIScanner {
    /// What the scanner reports.
    enum Output {
        /// A new interchange starts with these delimiters; its header segment follows (UNA is not a segment).
        case interchange(EDIStandard, EDIDelimiters)
        /// A complete segment.
        case segment(EDISegment)
        /// Bytes that could not be read as EDI; the scanner now looks for the next interchange header.
        case problem(EDIError)
    }

    /// What the receiver of a segment asks the scanner to do next.
    enum Directive {
        /// Carry on.
        case proceed
        /// Skip to the next interchange header (the current interchange is beyond repair).
        case resync
    }

    enum Mode {
        case between, prefix, isa, una, segments, resync
    }

    let file: String
    let maxSegmentLength: Int
    var mode: Mode = .between
    /// Absolute offset of `chunk[0]` of the chunk being fed (after a chunk: of the next byte).
    var base = 0
    /// The number of bytes read so far.
    var offset: Int { base }
    var line = 1
    var bomMatched = 0
    var interchangesSeen = 0
    var problemsReported = 0
    var segmentCount = 0

    // Header reading.
    var header: [UInt8] = []
    var headerStart = 0
    var headerLine = 1
    var headerLineBreak: (offset: Int, afterElement: Int)?
    var separatorsSeen = 0
    var isa16Read = false
    var terminatorBytes: [UInt8] = []
    var terminatorNeeded = 0

    // Segment reading.
    var standard: EDIStandard = .x12
    var delimiters = EDIDelimiters.x12Default
    var elementSep: UInt8 = 0x2A
    var componentSep: UInt8 = 0x3E
    var repetitionSep: Int = -1
    var releaseChar: Int = -1
    var term0: UInt8 = 0x7E
    var termRest: [UInt8] = []
    var lineBreakTerminated = false
    let buf = ScanBuffer()
    var inSegment = false
    var segStart = 0
    var segLine = 1
    var termMatched = 0
    var releasePending = false
    /// How many bytes of `ISA` the current segment has started with (0: not an ISA candidate).
    var isaProbe = 0

    // Resynchronisation: the last bytes seen, newest in the low byte.
    var window: UInt32 = 0

    init(file: String, maxSegmentLength: Int = 1 << 20) {
        self.file = file
        self.maxSegmentLength = maxSegmentLength
    }

    /// Reads one chunk. Segments and problems go to `sink` as they complete.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ sink: (consuming Output) throws -> Directive) rethrows {
        var i = 0
        let n = chunk.count
        while i < n {
            if mode == .segments {
                i = try scanSegments(chunk, from: i, sink)
            } else {
                try step(chunk[i], at: base + i, sink)
                i += 1
            }
        }
        base += n
    }

    /// Ends the input: reports a truncated segment or header, or an input with no interchange at all.
    mutating func finish(_ sink: (consuming Output) throws -> Directive) rethrows {
        switch mode {
        case .segments:
            if termMatched > 0 {
                buf.append(term0)
                for k in 0..<(termMatched - 1) { buf.append(termRest[k]) }
                termMatched = 0
            }
            if inSegment && !buf.isEmpty {
                if lineBreakTerminated || isTrailer() {
                    try endSegment(sink)
                } else {
                    let text = EDIBytes.printable(buf.prefix(40))
                    _ = try sink(
                        .problem(
                            EDIError(
                                .truncated, at: here(segStart, segLine),
                                "input ends inside segment '\(text)' with no segment terminator '\(EDIBytes.printable(delimiters.segmentTerminator))': the file is truncated"
                            )))
                }
            }
        case .isa, .una, .prefix:
            let what = mode == .una ? "UNA service string advice" : mode == .isa ? "ISA header" : "interchange header"
            _ = try sink(
                .problem(
                    EDIError(
                        .truncated, at: here(headerStart, headerLine),
                        "input ends inside the \(what) after \(header.count) bytes ('\(EDIBytes.printable(header))'): the file is truncated"
                    )))
        case .between:
            if interchangesSeen == 0 && problemsReported == 0 {
                _ = try sink(
                    .problem(
                        EDIError(
                            .emptyInput, at: EDIPosition(file: file),
                            base == 0
                                ? "the file is empty: no EDI interchange"
                                : "the file holds only white space: no EDI interchange"
                        )))
            }
        case .resync:
            break
        }
        mode = .between
    }

    func here(_ offset: Int, _ line: Int) -> EDIPosition {
        EDIPosition(file: file, byteOffset: offset, line: line)
    }

    func isTrailer() -> Bool {
        guard buf.count >= 3 else { return false }
        let t = (buf.byte(0), buf.byte(1), buf.byte(2))
        let tagEnds = buf.count == 3 || (buf.firstMark.map { $0 >> 2 == 3 } ?? false)
        guard tagEnds else { return false }
        return standard == .x12 ? t == (0x49, 0x45, 0x41) : t == (0x55, 0x4E, 0x5A)
    }

    // MARK: segments (the hot path)

    mutating func scanSegments(
        _ p: UnsafeBufferPointer<UInt8>, from start: Int, _ sink: (consuming Output) throws -> Directive
    ) rethrows -> Int {
        var i = start
        let n = p.count
        let special = buf.special
        // The element and component separators can be taken in the tight loop below only when they are nothing
        // else the general path checks first (a line break, the terminator).
        let plainSeparators =
            elementSep != EDIBytes.lf && elementSep != EDIBytes.cr && elementSep != term0
            && componentSep != EDIBytes.lf && componentSep != EDIBytes.cr && componentSep != term0
        while i < n {
            if plainSeparators && inSegment && isaProbe == 0 && !releasePending && termMatched == 0 {
                // Inside a segment: data runs and element/component separators, until any other special byte.
                while i < n {
                    let b = p[i]
                    if special[Int(b)] == 0 {
                        var j = i + 1
                        while j < n && special[Int(p[j])] == 0 { j += 1 }
                        buf.append(UnsafeBufferPointer(rebasing: p[i..<j]))
                        if buf.count > maxSegmentLength {
                            try tooLong(sink)
                            return j
                        }
                        i = j
                    } else if b == elementSep {
                        buf.mark(.element)
                        i += 1
                    } else if b == componentSep {
                        buf.mark(.component)
                        i += 1
                    } else {
                        break
                    }
                }
                if i == n { break }
            }
            let b = p[i]
            if b == EDIBytes.lf || b == EDIBytes.cr {
                if b == EDIBytes.lf { line += 1 }
                i += 1
                if lineBreakTerminated && inSegment {
                    try endSegment(sink)
                    if mode != .segments { return i }
                }
                continue
            }
            if !inSegment {
                inSegment = true
                segStart = base + i
                segLine = line
                if b == 0x49 && standard == .x12 {
                    // Maybe an ISA with other delimiters (the previous interchange lacks its IEA): look at the
                    // next three bytes one by one.
                    isaProbe = 1
                    buf.append(b)
                    i += 1
                    continue
                }
            }
            if isaProbe > 0 {
                if isaProbe < 3 && b == (isaProbe == 1 ? 0x53 : 0x41) {
                    isaProbe += 1
                    buf.append(b)
                    i += 1
                    continue
                }
                let newHeader = isaProbe == 3 && !EDIBytes.isAlphanumeric(b) && b != 0x20 && b != elementSep
                isaProbe = 0
                if newHeader {
                    let start = segStart
                    let startLine = segLine
                    clearSegment()
                    header = [0x49, 0x53, 0x41, b]
                    headerStart = start
                    headerLine = startLine
                    separatorsSeen = 1
                    isa16Read = false
                    headerLineBreak = nil
                    terminatorBytes.removeAll()
                    terminatorNeeded = 0
                    mode = .isa
                    return i + 1
                }
            }
            if releasePending {
                releasePending = false
                try append(b, sink)
                if mode != .segments { return i + 1 }
                i += 1
                continue
            }
            if termMatched > 0 {
                if b == termRest[termMatched - 1] {
                    termMatched += 1
                    i += 1
                    if termMatched == termRest.count + 1 {
                        termMatched = 0
                        try endSegment(sink)
                        if mode != .segments { return i }
                    }
                    continue
                }
                // A false start: the bytes were data.
                let matched = termMatched
                termMatched = 0
                try append(term0, sink)
                for k in 0..<(matched - 1) { try append(termRest[k], sink) }
                if mode != .segments { return i }
                continue  // look at b again
            }
            if b == term0 && !lineBreakTerminated {
                i += 1
                if termRest.isEmpty {
                    try endSegment(sink)
                    if mode != .segments { return i }
                } else {
                    termMatched = 1
                }
                continue
            }
            if special[Int(b)] == 0 {
                // A run of plain data bytes: copy it at once.
                var j = i + 1
                while j < n && special[Int(p[j])] == 0 { j += 1 }
                buf.append(UnsafeBufferPointer(rebasing: p[i..<j]))
                if buf.count > maxSegmentLength {
                    try tooLong(sink)
                    return j
                }
                i = j
                continue
            }
            if b == elementSep {
                buf.mark(.element)
            } else if b == componentSep {
                buf.mark(.component)
            } else if Int(b) == repetitionSep {
                buf.mark(.repetition)
            } else if Int(b) == releaseChar {
                releasePending = true
            } else {
                buf.append(b)
                if buf.count > maxSegmentLength {
                    try tooLong(sink)
                    return i + 1
                }
            }
            i += 1
        }
        return i
    }

    @inline(__always)
    mutating func append(_ b: UInt8, _ sink: (consuming Output) throws -> Directive) rethrows {
        buf.append(b)
        if buf.count > maxSegmentLength { try tooLong(sink) }
    }

    mutating func tooLong(_ sink: (consuming Output) throws -> Directive) rethrows {
        do {
            let text = EDIBytes.printable(buf.prefix(30))
            let term = EDIBytes.printable(delimiters.segmentTerminator)
            let error = EDIError(
                .segmentTooLong, at: here(segStart, segLine),
                "segment '\(text)' runs over \(maxSegmentLength) bytes without a segment terminator '\(term)': not EDI, or the terminator is wrong"
            )
            clearSegment()
            try report(error, sink)
        }
    }

    mutating func clearSegment() {
        buf.clear()
        inSegment = false
        isaProbe = 0
        termMatched = 0
        releasePending = false
    }

    mutating func endSegment(_ sink: (consuming Output) throws -> Directive) rethrows {
        if buf.isEmpty {
            inSegment = false
            return
        }
        let trailer = isTrailer()
        segmentCount += 1
        let segment = buf.segment(
            separators: (elementSep, componentSep, repetitionSep >= 0 ? UInt8(repetitionSep) : nil),
            index: segmentCount, byteOffset: segStart, line: segLine)
        clearSegment()
        if try sink(.segment(consume segment)) == .resync {
            enterResync()
        } else if trailer {
            mode = .between
        }
    }

    func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
