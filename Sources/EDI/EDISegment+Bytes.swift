extension EDISegment {
    /// Packs a literal tag like ``tagCode``, without a loop so that it folds to a constant when inlined.
    @inline(__always) static func code(_ tag: StaticString) -> UInt32 {
        let p = tag.utf8Start
        switch tag.utf8CodeUnitCount {
        case 1: return UInt32(p[0])
        case 2: return UInt32(p[0]) << 8 | UInt32(p[1])
        case 3: return UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
        case 4: return UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
        default: return 0
        }
    }

    /// Whether the segment's tag is the literal `tag`, compared as a packed integer without building strings.
    @inline(__always) func hasTag(_ tag: StaticString) -> Bool {
        let code = EDISegment.code(tag)
        return code != 0 && tagCode == code
    }

    /// The content range of element `n` and whether it has components or repetitions, or `nil` when absent.
    func elementBounds(_ n: Int) -> (range: Range<Int>, inner: Bool)? {
        let count = markCount
        let content = Int(contentCount)
        return withMarkBytes { raw -> (range: Range<Int>, inner: Bool)? in
            var element = 0
            var start = 0
            var inner = false
            for k in 0..<count {
                let m = raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)
                if m & 3 == Mark.element.rawValue {
                    if element == n { return (start..<Int(m >> 2), inner) }
                    element += 1
                    start = Int(m >> 2)
                    inner = false
                } else if element == n {
                    inner = true
                }
            }
            return element == n ? (start..<content, inner) : nil
        }
    }

    /// Calls `body` with the number, content range and whether it has components or repetitions of each present
    /// element from `first` through `last`, in order, walking the marks once.
    @inline(__always)
    func forEachElement(from first: Int, through last: Int, _ body: (Int, Range<Int>, Bool) -> Void) {
        let count = markCount
        let content = Int(contentCount)
        withMarkBytes { raw in
            var element = 0
            var start = 0
            var inner = false
            for k in 0..<count {
                let m = raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self)
                if m & 3 == Mark.element.rawValue {
                    if element >= first { body(element, start..<Int(m >> 2), inner) }
                    element += 1
                    if element > last { return }
                    start = Int(m >> 2)
                    inner = false
                } else {
                    inner = true
                }
            }
            if element >= first { body(element, start..<content, inner) }
        }
    }

    /// Whether element `n` is absent or empty — the same as `self[n].isEmpty` without building a string.
    func isEmpty(_ n: Int) -> Bool {
        guard let b = elementBounds(n) else { return true }
        return b.range.isEmpty && !b.inner
    }

    /// Whether element `n`'s text is the literal `value` — the same as `self[n] == value` without building a
    /// string (elements with components or repetitions are compared as text).
    func element(_ n: Int, is value: StaticString) -> Bool {
        guard let b = elementBounds(n) else { return value.utf8CodeUnitCount == 0 }
        if b.inner { return self[n] == value.description }
        let count = value.utf8CodeUnitCount
        guard b.range.count == count else { return false }
        let p = value.utf8Start
        return withContent { s in
            var i = b.range.lowerBound
            for k in 0..<count {
                if s[i] != p[k] { return false }
                i += 1
            }
            return true
        }
    }

    /// Element `n` read as an integer — the same as `Int(self[n].trimmingASCIISpaces())` without building strings.
    func integer(_ n: Int) -> Int? {
        guard let b = elementBounds(n) else { return nil }
        if b.inner { return Int(self[n].trimmingASCIISpaces()) }
        return withContent { s -> Int? in
            var lower = b.range.lowerBound
            var upper = b.range.upperBound
            while lower < upper && s[lower] == UInt8(ascii: " ") { lower += 1 }
            while upper > lower && s[upper - 1] == UInt8(ascii: " ") { upper -= 1 }
            var negative = false
            if lower < upper && (s[lower] == UInt8(ascii: "+") || s[lower] == UInt8(ascii: "-")) {
                negative = s[lower] == UInt8(ascii: "-")
                lower += 1
            }
            guard lower < upper else { return nil }
            var value = 0
            for i in lower..<upper {
                guard EDIBytes.isDigit(s[i]) else { return nil }
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(Int(s[i] - UInt8(ascii: "0")))
                guard !o1, !o2 else { return negative && i == upper - 1 && sum == Int.min ? Int.min : nil }
                value = sum
            }
            return negative ? -value : value
        }
    }
}
