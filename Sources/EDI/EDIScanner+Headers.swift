/// Interchange headers (ISA, UNA, UNB), the gaps between interchanges, and resynchronisation after a problem.
extension EDIScanner {
    mutating func report(_ error: EDIError, _ sink: (Output) throws -> Directive) rethrows {
        problemsReported += 1
        _ = try sink(.problem(error))
        enterResync()
    }

    mutating func enterResync() {
        mode = .resync
        window = 0x20
        clearSegment()
        header.removeAll(keepingCapacity: true)
    }

    mutating func step(_ b: UInt8, at offset: Int, _ sink: (Output) throws -> Directive) rethrows {
        let isBreak = b == EDIBytes.lf || b == EDIBytes.cr
        defer { if b == EDIBytes.lf { line += 1 } }
        switch mode {
        case .between:
            if offset == bomMatched && bomMatched < 3 && b == [0xEF, 0xBB, 0xBF][bomMatched] {
                bomMatched += 1
                return
            }
            if isBreak || b == 0x20 || b == 0x09 || b == 0x00 || b == 0x1A { return }
            header.removeAll(keepingCapacity: true)
            header.append(b)
            headerStart = offset
            headerLine = line
            mode = .prefix
        case .prefix:
            if isBreak { return }
            header.append(b)
            if header.count == 4 { try startHeader(sink) }
        case .isa:
            try stepISA(b, isBreak: isBreak, at: offset, sink)
        case .una:
            if isBreak { return }
            header.append(b)
            if header.count == 9 { try finishUNA(sink) }
        case .resync:
            let previous = window
            window = (window << 8) | UInt32(b)
            // "ISA" + separator, after a non-alphanumeric byte (or a line break), starts an X12 interchange.
            let before = UInt8(truncatingIfNeeded: previous >> 24)
            let tag = (previous & 0x00FF_FFFF)
            guard !EDIBytes.isAlphanumeric(before) || previous >> 24 == 0 else { return }
            if tag == 0x49_53_41 && !EDIBytes.isAlphanumeric(b) && !isBreak && b != 0x20 {
                header = [0x49, 0x53, 0x41]
                headerStart = offset - 3
                headerLine = line
                try startHeader(sink, fourth: b)
            } else if tag == 0x55_4E_41 || (tag == 0x55_4E_42 && b == 0x2B) {
                header = [0x55, 0x4E, UInt8(truncatingIfNeeded: tag)]
                headerStart = offset - 3
                headerLine = line
                try startHeader(sink, fourth: b)
            }
        case .segments:
            break
        }
    }

    mutating func startHeader(_ sink: (Output) throws -> Directive, fourth: UInt8? = nil) rethrows {
        if let fourth { header.append(fourth) }
        let h = header
        if h[0] == 0x49 && h[1] == 0x53 && h[2] == 0x41 && !EDIBytes.isAlphanumeric(h[3]) && h[3] != 0x20 {
            mode = .isa
            separatorsSeen = 1
            isa16Read = false
            headerLineBreak = nil
            terminatorBytes.removeAll()
            terminatorNeeded = 0
        } else if h[0] == 0x55 && h[1] == 0x4E && h[2] == 0x41 {
            mode = .una
        } else if h[0] == 0x55 && h[1] == 0x4E && h[2] == 0x42 && h[3] == 0x2B {
            interchangesSeen += 1
            standard = .edifact
            useDelimiters(.edifactDefault)
            _ = try sink(.interchange(.edifact, delimiters))
            mode = .segments
            clearSegment()
            buf.append(0x55)
            buf.append(0x4E)
            buf.append(0x42)
            buf.mark(.element)
            inSegment = true
            segStart = headerStart
            segLine = headerLine
        } else {
            let found = EDIBytes.printable(h)
            let error: EDIError
            if interchangesSeen == 0 && problemsReported == 0 {
                error = EDIError(
                    .notEDI, at: here(headerStart, headerLine),
                    "not EDI: expected an X12 'ISA' or EDIFACT 'UNA'/'UNB' header, found '\(found)'")
            } else {
                error = EDIError(
                    .unexpectedData, at: here(headerStart, headerLine),
                    "unexpected data '\(found)' where the next interchange header (ISA, UNA or UNB) or the end of the file should be"
                )
            }
            try report(error, sink)
        }
    }

    mutating func stepISA(_ b: UInt8, isBreak: Bool, at offset: Int, _ sink: (Output) throws -> Directive)
        rethrows
    {
        if separatorsSeen < 16 {
            if isBreak {
                if headerLineBreak == nil { headerLineBreak = (offset, separatorsSeen) }
                return
            }
            header.append(b)
            if b == header[3] { separatorsSeen += 1 }
            if header.count > 512 {
                try report(
                    EDIError(
                        .invalidInterchangeHeader, at: here(headerStart, headerLine),
                        "ISA header has only \(separatorsSeen - 1) of 16 elements within 512 bytes (element separator '\(EDIBytes.printable([header[3]]))'): not an X12 interchange header"
                    ), sink)
            }
            return
        }
        if !isa16Read {
            if isBreak { return }
            header.append(b)
            isa16Read = true
            return
        }
        if terminatorNeeded == 0 {
            if isBreak {
                terminatorBytes = [EDIBytes.lf]
                try finishISA(sink)
                return
            }
            terminatorBytes = [b]
            terminatorNeeded = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        } else {
            terminatorBytes.append(b)
        }
        if terminatorBytes.count == terminatorNeeded { try finishISA(sink) }
    }

    mutating func finishISA(_ sink: (Output) throws -> Directive) rethrows {
        let sep = header[3]
        var fields: [ArraySlice<UInt8>] = header.split(separator: sep, omittingEmptySubsequences: false)
        // ISA16 is the single byte after the 16th separator.
        let position = here(headerStart, headerLine)
        let terminatorIsBreak = terminatorBytes == [EDIBytes.lf]
        if terminatorIsBreak, let lineBreak = headerLineBreak {
            try report(
                EDIError(
                    .invalidInterchangeHeader,
                    at: EDIPosition(file: file, byteOffset: lineBreak.offset, line: headerLine),
                    "ISA is broken across lines inside ISA\(twoDigits(lineBreak.afterElement)), but its segment terminator is a line break, so the ISA ends there with \(lineBreak.afterElement) of 16 elements; join the ISA onto one line"
                ), sink)
            return
        }
        let component = fields[16].first ?? 0
        fields = Array(fields.prefix(17))
        // Field syntax first: a cut-short ISA shows as a garbled field, which explains more than a delimiter clash.
        let probe = EDISegment(
            bytes: Array(fields.joined()),
            marks: fields.indices.dropLast().reduce(into: [UInt32]()) { marks, k in
                marks.append(UInt32(fields[0...k].reduce(0) { $0 + $1.count }) << 2 | EDISegment.Mark.element.rawValue)
            },
            separators: (sep, 0, nil), index: segmentCount + 1, byteOffset: headerStart, line: headerLine)
        do {
            _ = try X12HeaderReader.interchange(probe, delimiters: delimiters, file: file)
        } catch {
            try report(error, sink)
            return
        }
        let isa11 = fields[11]
        let isa12 = String(decoding: fields[12], as: UTF8.self)
        var repetition: UInt8?
        if isa11.count == 1, let r = isa11.first, !EDIBytes.isAlphanumeric(r), r != 0x20,
            let v = Int(isa12.trimmingASCIISpaces()), v >= 402
        {
            repetition = r
        }
        var terminator = terminatorBytes
        if terminatorIsBreak { terminator = [EDIBytes.lf] }
        let clash: String? =
            component == sep
            ? "ISA16 component separator equals the element separator"
            : terminator == [sep]
                ? "the segment terminator equals the element separator"
                : terminator == [component]
                    ? "the segment terminator equals the ISA16 component separator"
                    : EDIBytes.isAlphanumeric(component)
                        ? "ISA16 component separator '\(EDIBytes.printable([component]))' is a letter or digit"
                        : EDIBytes.isAlphanumeric(terminator[0])
                            ? "the segment terminator '\(EDIBytes.printable(terminator))' after ISA16 is a letter or digit"
                            : nil
        if let clash {
            try report(
                EDIError(
                    .invalidInterchangeHeader, at: position,
                    "\(clash): the ISA is malformed (expected 16 elements, each separated by '\(EDIBytes.printable([sep]))', ISA16 then the terminator)"
                ), sink)
            return
        }
        if repetition == component || repetition.map({ terminator == [$0] }) == true { repetition = nil }
        interchangesSeen += 1
        standard = .x12
        useDelimiters(
            EDIDelimiters(element: sep, component: component, repetition: repetition, segmentTerminator: terminator))
        _ = try sink(.interchange(.x12, delimiters))
        // The ISA segment, built from its fields so ISA11 and ISA16 stay data.
        var bytes: [UInt8] = []
        var isaMarks: [UInt32] = []
        for (k, f) in fields.enumerated() {
            if k > 0 { isaMarks.append(UInt32(bytes.count) << 2 | EDISegment.Mark.element.rawValue) }
            bytes.append(contentsOf: f)
        }
        segmentCount += 1
        let isa = EDISegment(
            bytes: bytes, marks: isaMarks, separators: (sep, component, repetition), index: segmentCount,
            byteOffset: headerStart, line: headerLine)
        mode = .segments
        clearSegment()
        if try sink(.segment(isa)) == .resync { enterResync() }
    }

    mutating func finishUNA(_ sink: (Output) throws -> Directive) rethrows {
        let s = Array(header[3..<9])
        let release: UInt8? = s[3] == 0x20 ? nil : s[3]
        let repetition: UInt8? = s[4] == 0x20 ? nil : s[4]
        let d = EDIDelimiters(
            element: s[1], component: s[0], repetition: repetition, segmentTerminator: [s[5]], release: release,
            decimalMark: s[2])
        if Set([s[0], s[1], s[5]]).count != 3 || EDIBytes.isAlphanumeric(s[0]) || EDIBytes.isAlphanumeric(s[1])
            || EDIBytes.isAlphanumeric(s[5])
        {
            try report(
                EDIError(
                    .invalidInterchangeHeader, at: here(headerStart, headerLine),
                    "UNA service string advice '\(EDIBytes.printable(header))' is malformed: component, element and segment separators must be three different non-alphanumeric characters"
                ), sink)
            return
        }
        interchangesSeen += 1
        standard = .edifact
        useDelimiters(d)
        _ = try sink(.interchange(.edifact, d))
        mode = .segments
        clearSegment()
    }

    mutating func useDelimiters(_ d: EDIDelimiters) {
        delimiters = d
        elementSep = d.element
        componentSep = d.component
        repetitionSep = d.repetition.map(Int.init) ?? -1
        releaseChar = d.release.map(Int.init) ?? -1
        lineBreakTerminated = d.terminatorIsLineBreak
        term0 = d.segmentTerminator[0]
        termRest = Array(d.segmentTerminator.dropFirst())
        termMatched = 0
        releasePending = false
        var bytes: [UInt8] = [EDIBytes.lf, EDIBytes.cr, d.element, d.component, d.segmentTerminator[0]]
        if let r = d.repetition { bytes.append(r) }
        if let r = d.release { bytes.append(r) }
        buf.setSpecial(bytes)
    }

}
