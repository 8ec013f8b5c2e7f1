/// Checks envelopes (interchange, group, set) over the scanner's segments and reports ``EDIEvent``s.
///
/// X12 and EDIFACT share one state machine; ``EDIEnvelopeTags`` says which tags and elements hold the control
/// numbers and counts.
struct EDIEnvelopeParser {
    let file: String
    var validator: EDISetValidator
    private var tags = EDIEnvelopeTags.x12
    private var codes = EDIEnvelopeTags.x12.codes
    private var delimiters = EDIDelimiters.x12Default

    private var interchange: EDIInterchangeHeader?
    private var inInterchange = false
    private var interchangeProblems: [EDIError] = []
    private var groupCount = 0
    private var looseSetCount = 0

    private var group: EDIGroupHeader?
    private var groupOpen = false
    private var groupProblems: [EDIError] = []
    private var groupSetCount = 0
    private var groupAccepted = 0
    private var implicitSetCount = 0
    private var implicitAccepted = 0

    private var setSegments: [EDISegment] = []
    private var setOpen = false
    /// Delimiters were announced (ISA read, UNA read) but the header segment has not been handled yet.
    private var awaitingHeader = false
    /// The most recent segment, where a missing trailer is reported.
    private var lastSegment: EDISegment?

    init(file: String, validator: EDISetValidator) {
        self.file = file
        self.validator = validator
    }

    typealias Emit = (EDIEvent) throws -> Void

    /// Handles one output of the scanner; a segment is taken over (moved into its set), not copied.
    mutating func handle(_ output: consuming EDIScanner.Output, _ emit: Emit) throws -> EDIScanner.Directive {
        switch consume output {
        case .interchange(let standard, let d):
            awaitingHeader = true
            tags = standard == .x12 ? .x12 : .edifact
            codes = tags.codes
            delimiters = d
            return .proceed
        case .problem(let error):
            if interchange != nil {
                interchangeProblems.append(error)
                try closeInterchange(at: nil, emit)
            } else {
                try emit(.rejected(error))
            }
            return .proceed
        case .segment(let segment):
            return try handle(segment, emit)
        }
    }

    mutating func finish(_ emit: Emit, endOffset: Int, line: Int) throws {
        if awaitingHeader && interchange == nil {
            awaitingHeader = false
            try emit(
                .rejected(
                    EDIError(
                        .truncated, at: EDIPosition(file: file, byteOffset: endOffset, line: line),
                        "input ends after the \(tags.standard == .x12 ? "ISA" : "UNA service string advice") without an \(tags.interchangeHeader) interchange header: the file is truncated"
                    )))
        }
        if let interchange {
            let error = EDIError(
                .missingInterchangeTrailer, at: position(latestSegment),
                "input ends inside interchange \(interchange.controlNumber): no \(tags.interchangeTrailer) trailer; the file is truncated"
            )
            interchangeProblems.append(error)
            try closeInterchange(at: nil, emit)
        }
    }

    // MARK: segments

    private mutating func handle(_ s: consuming EDISegment, _ emit: Emit) throws -> EDIScanner.Directive {
        awaitingHeader = false
        let code = s.tagCode
        if code == codes.interchangeHeader {
            lastSegment = copy s
            let tag = s.tag
            if inInterchange {
                interchangeProblems.append(
                    EDIError(
                        .missingInterchangeTrailer, at: position(s),
                        "interchange \(interchange!.controlNumber) has no \(tags.interchangeTrailer): the next \(tag) starts here"
                    ))
                try closeInterchange(at: nil, emit)
            }
            do {
                let header =
                    try tags.standard == .x12
                    ? X12HeaderReader.interchange(s, delimiters: delimiters, file: file)
                    : EDIFACTHeaderReader.interchange(s, delimiters: delimiters, file: file)
                interchange = header
                inInterchange = true
                interchangeProblems = []
                groupCount = 0
                looseSetCount = 0
                try emit(.interchangeBegan(header))
                return .proceed
            } catch let error as EDIError {
                try emit(.rejected(error))
                return .resync
            }
        }
        if setOpen && inInterchange && code != codes.setTrailer && code != codes.setHeader
            && code != codes.groupHeader && code != codes.groupTrailer && code != codes.interchangeTrailer
        {
            setSegments.append(s)
            return .proceed
        }
        lastSegment = copy s
        let tag = s.tag
        guard inInterchange else {
            try emit(
                .rejected(
                    EDIError(
                        .unexpectedSegment, at: position(s), "\(tag) segment outside any interchange")))
            return .resync
        }
        switch code {
        case codes.interchangeTrailer:
            try closeInterchange(at: s, emit)
        case codes.groupHeader:
            if setOpen { try closeSet(at: nil, emit) }
            if groupOpen {
                groupProblems.append(
                    EDIError(
                        .missingGroupTrailer, at: position(s),
                        "group \(group?.controlNumber ?? "") has no \(tags.groupTrailer): the next \(tag) starts here"))
                try closeGroup(at: nil, emit)
            }
            groupOpen = true
            groupProblems = []
            groupSetCount = 0
            groupAccepted = 0
            groupCount += 1
            let header =
                tags.standard == .x12 ? X12HeaderReader.group(s) : EDIFACTHeaderReader.group(s)
            group = header
            if header.controlNumber.isEmpty {
                groupProblems.append(
                    EDIError(
                        .groupControlMismatch,
                        at: position(s, element: tags.groupControl, tags.ref(tags.groupHeader, tags.groupControl)),
                        "\(tags.ref(tags.groupHeader, tags.groupControl)) group control number is missing"))
            }
            try emit(.groupBegan(header))
        case codes.groupTrailer:
            if setOpen { try closeSet(at: nil, emit) }
            if groupOpen {
                try closeGroup(at: s, emit)
            } else {
                interchangeProblems.append(
                    EDIError(
                        .unexpectedSegment, at: position(s), "\(tag) without a \(tags.groupHeader) group header"))
            }
        case codes.setHeader:
            if setOpen { try closeSet(at: nil, emit) }
            if !groupOpen && tags.standard == .x12 {
                interchangeProblems.append(
                    EDIError(
                        .unexpectedSegment, at: position(s),
                        "ST outside a functional group: an ST must follow a GS"))
            }
            setOpen = true
            setSegments.removeAll(keepingCapacity: true)
            setSegments.append(copy s)
        case codes.setTrailer:
            if setOpen {
                setSegments.append(copy s)
                try closeSet(at: s, emit)
            } else {
                let error = EDIError(
                    .unexpectedSegment, at: position(s), "\(tag) without a \(tags.setHeader) set header")
                if groupOpen { groupProblems.append(error) } else { interchangeProblems.append(error) }
            }
        default:
            if setOpen {
                setSegments.append(copy s)
            } else if tags.interchangeServiceSegments.contains(tag) && !groupOpen && groupCount == 0 {
                break
            } else {
                let error = EDIError(
                    .segmentOutsideSet, at: position(s),
                    "\(tag) segment outside a transaction set (expected \(tags.setHeader), \(tags.groupTrailer) or \(tags.interchangeTrailer))"
                )
                if groupOpen { groupProblems.append(error) } else { interchangeProblems.append(error) }
            }
        }
        return .proceed
    }

    // MARK: closing

    private mutating func closeSet(at trailer: EDISegment?, _ emit: Emit) throws {
        guard let interchange, let header = setSegments.first else { return }
        defer { setOpen = false }
        let id = tags.standard == .x12 ? header[1] : (header.component(2, 1) ?? "")
        let control = header[1 + tags.setControlOffset]
        let reference: String? =
            tags.standard == .x12
            ? (header.string(3).flatMap { $0.isEmpty ? nil : $0 })
            : (header.string(2).map { _ in
                (2...4).compactMap { header.component(2, $0) }.joined(separator: ":")
            })
        let setPosition = EDIPosition(
            file: file, interchange: interchange.controlNumber, group: group?.controlNumber, set: control)
        var problems: [EDIError] = []
        if id.isEmpty || control.isEmpty {
            var p = position(header)
            p.set = control.isEmpty ? nil : control
            problems.append(
                EDIError(
                    .invalidSetHeader, at: p,
                    "\(tags.setHeader) lacks its \(id.isEmpty ? "set identifier" : "control number") (\(tags.ref(tags.setHeader, id.isEmpty ? tags.setIDIndex : 1 + tags.setControlOffset)))"
                ))
        } else if tags.standard == .x12 && (id.utf8.count != 3 || !id.utf8.allSatisfy(EDIBytes.isAlphanumeric)) {
            problems.append(
                EDIError(
                    .invalidSetHeader, at: position(header, element: 1, "ST01"),
                    "ST01 transaction set identifier '\(id)' must be 3 characters, like 850 or 856",
                    dataElementNumber: "143",
                    badValue: id))
        }
        if let trailer {
            let count = setSegments.count
            let declared = trailer[tags.setCountIndex]
            if trailer.integer(tags.setCountIndex) != count {
                var p = position(trailer, element: tags.setCountIndex, tags.ref(tags.setTrailer, tags.setCountIndex))
                p.set = control
                problems.append(
                    EDIError(
                        .setCountMismatch, at: p,
                        "\(tags.ref(tags.setTrailer, tags.setCountIndex)) says \(declared.isEmpty ? "nothing" : declared) segments, counted \(count)",
                        dataElementNumber: tags.standard == .x12 ? "96" : "0074", badValue: declared))
            }
            let trailerControl = trailer[tags.setCountIndex + 1]
            if trailerControl != control {
                var p = position(
                    trailer, element: tags.setCountIndex + 1, tags.ref(tags.setTrailer, tags.setCountIndex + 1))
                p.set = control
                problems.append(
                    EDIError(
                        .setControlMismatch, at: p,
                        "\(tags.ref(tags.setTrailer, tags.setCountIndex + 1)) '\(trailerControl)' differs from \(tags.ref(tags.setHeader, 1 + tags.setControlOffset)) '\(control)'",
                        dataElementNumber: tags.standard == .x12 ? "329" : "0062", badValue: trailerControl))
            }
        } else {
            var p = position(latestSegment)
            p.set = control
            problems.append(
                EDIError(
                    .missingSetTrailer, at: p,
                    "set \(control) (\(id)) starting at segment \(header.index) has no \(tags.setTrailer) trailer"))
        }
        problems += validator.validate(
            segments: setSegments, setID: id, standard: tags.standard, position: setPosition)
        let segments = setSegments
        if let last = setSegments.last, last.index > (lastSegment?.index ?? 0) { lastSegment = last }
        // Keeps the capacity: the next set's array starts at this size instead of growing from one segment.
        setSegments.removeAll(keepingCapacity: true)
        if groupOpen {
            groupSetCount += 1
            if problems.isEmpty { groupAccepted += 1 }
        } else {
            looseSetCount += 1
            implicitSetCount += 1
            if problems.isEmpty { implicitAccepted += 1 }
        }
        // Built right where it is handed over, so that it moves into the event instead of being copied.
        try emit(
            .transactionSet(
                EDITransactionSet(
                    interchange: interchange, group: groupOpen ? group : nil, id: id, controlNumber: control,
                    implementationReference: reference, segments: segments, problems: problems)))
    }

    private mutating func closeGroup(at trailer: EDISegment?, _ emit: Emit) throws {
        guard let interchange else { return }
        defer { groupOpen = false }
        var declared: Int?
        if let trailer {
            let countText = trailer[1]
            declared = Int(countText.trimmingASCIISpaces())
            if declared != groupSetCount {
                groupProblems.append(
                    EDIError(
                        .groupCountMismatch, at: position(trailer, element: 1, tags.ref(tags.groupTrailer, 1)),
                        "\(tags.ref(tags.groupTrailer, 1)) says \(countText.isEmpty ? "nothing" : countText) transaction set\(countText == "1" ? "" : "s"), counted \(groupSetCount)",
                        dataElementNumber: "97", badValue: countText))
            }
            let control = trailer[2]
            if let g = group, control != g.controlNumber {
                groupProblems.append(
                    EDIError(
                        .groupControlMismatch, at: position(trailer, element: 2, tags.ref(tags.groupTrailer, 2)),
                        "\(tags.ref(tags.groupTrailer, 2)) '\(control)' differs from \(tags.ref(tags.groupHeader, tags.groupControl)) '\(g.controlNumber)'",
                        dataElementNumber: "28", badValue: control))
            }
        } else if groupProblems.last?.code != .missingGroupTrailer {
            groupProblems.append(
                EDIError(
                    .missingGroupTrailer, at: position(latestSegment),
                    "group \(group?.controlNumber ?? "") has no \(tags.groupTrailer) trailer"))
        }
        let summary = EDIGroupSummary(
            interchange: interchange, header: group, declaredSetCount: declared, setCount: groupSetCount,
            acceptedSetCount: groupAccepted, problems: groupProblems)
        groupOpen = false
        try emit(.groupEnded(summary))
        group = nil
        groupProblems = []
    }

    private mutating func closeInterchange(at trailer: EDISegment?, _ emit: Emit) throws {
        guard let header = interchange else { return }
        if setOpen { try closeSet(at: nil, emit) }
        if groupOpen { try closeGroup(at: nil, emit) }
        if implicitSetCount > 0 && tags.standard == .edifact {
            try emit(
                .groupEnded(
                    EDIGroupSummary(
                        interchange: header, header: nil, declaredSetCount: nil, setCount: implicitSetCount,
                        acceptedSetCount: implicitAccepted, problems: [])))
        }
        let counted = groupCount > 0 ? groupCount : looseSetCount
        var declared: Int?
        if let trailer {
            let countText = trailer[1]
            declared = Int(countText.trimmingASCIISpaces())
            if declared != counted {
                let what = tags.standard == .edifact && groupCount == 0 ? "messages" : "functional groups"
                interchangeProblems.append(
                    EDIError(
                        .interchangeCountMismatch,
                        at: position(trailer, element: 1, tags.ref(tags.interchangeTrailer, 1)),
                        "\(tags.ref(tags.interchangeTrailer, 1)) says \(countText.isEmpty ? "nothing" : countText) \(what), counted \(counted)",
                        badValue: countText))
            }
            let control = trailer[2]
            if control != header.controlNumber {
                interchangeProblems.append(
                    EDIError(
                        .interchangeControlMismatch,
                        at: position(trailer, element: 2, tags.ref(tags.interchangeTrailer, 2)),
                        "\(tags.ref(tags.interchangeTrailer, 2)) '\(control)' differs from \(tags.ref(tags.interchangeHeader, tags.interchangeControl)) '\(header.controlNumber)'",
                        badValue: control))
            }
        } else if !interchangeProblems.contains(where: { $0.code.level == .interchange }) {
            interchangeProblems.append(
                EDIError(
                    .missingInterchangeTrailer, at: position(latestSegment),
                    "interchange \(header.controlNumber) has no \(tags.interchangeTrailer) trailer"))
        }
        try emit(
            .interchangeEnded(
                EDIInterchangeSummary(
                    header: header, declaredCount: declared, count: counted, problems: interchangeProblems)))
        interchange = nil
        inInterchange = false
        interchangeProblems = []
        groupCount = 0
        looseSetCount = 0
        implicitSetCount = 0
        implicitAccepted = 0
    }

    // MARK: positions

    /// The latest segment read: the open set's last one, or the last envelope segment.
    private var latestSegment: EDISegment? {
        if setOpen, let last = setSegments.last, last.index > (lastSegment?.index ?? 0) { return last }
        return lastSegment
    }

    private func position(_ s: EDISegment? = nil, element: Int? = nil, _ label: String? = nil) -> EDIPosition {
        var p = EDIPosition(
            file: file, interchange: interchange?.controlNumber, group: groupOpen ? group?.controlNumber : nil,
            set: setOpen ? setSegments.first.map { $0[1 + tags.setControlOffset] } : nil)
        if let s {
            p.segmentIndex = s.index
            p.segmentTag = s.tag
            p.byteOffset = s.byteOffset
            p.line = s.line
            if setOpen, let i = setSegments.firstIndex(where: { $0.index == s.index }) { p.segmentInSet = i + 1 }
        }
        p.element = label
        p.elementIndex = element
        return p
    }
}
