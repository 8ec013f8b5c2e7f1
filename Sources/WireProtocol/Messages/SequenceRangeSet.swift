/// A set of sequence numbers stored as sorted, disjoint, non-adjacent closed ranges.
///
/// Written in JSON as `[[first, last], …]` (e.g. `[[1,120],[122,122]]`). Inserting in ascending order, the usual
/// case, is O(1); any insert is O(log n + merged ranges).
public struct SequenceRangeSet: Sendable, Hashable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The ranges, ascending, disjoint and never adjacent (`1...3, 5...5`, never `1...3, 4...5`).
    public private(set) var ranges: [ClosedRange<UInt64>]

    /// Creates an empty set.
    public init() {
        ranges = []
    }

    /// Creates a set holding the union of `ranges`, in any order.
    public init(_ ranges: some Sequence<ClosedRange<UInt64>>) {
        self.ranges = []
        for range in ranges { insert(range) }
    }

    /// Creates a set holding the union of the literal's ranges.
    public init(arrayLiteral elements: ClosedRange<UInt64>...) {
        self.init(elements)
    }

    /// Whether the set is empty.
    public var isEmpty: Bool { ranges.isEmpty }

    /// How many numbers the set holds.
    public var count: UInt64 {
        ranges.reduce(0) { $0 &+ ($1.upperBound - $1.lowerBound &+ 1) }
    }

    /// Adds one number.
    public mutating func insert(_ value: UInt64) {
        insert(value...value)
    }

    /// Adds every number of `range`.
    public mutating func insert(_ range: ClosedRange<UInt64>) {
        if let last = ranges.last {
            if range.lowerBound > last.upperBound && range.lowerBound - last.upperBound > 1 {
                ranges.append(range)
                return
            }
            if range.lowerBound >= last.lowerBound {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
                return
            }
        } else {
            ranges.append(range)
            return
        }
        // First range that ends at or after range.lowerBound - 1 (so it touches or overlaps).
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < range.lowerBound && range.lowerBound - ranges[middle].upperBound > 1 {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var end = low
        var merged = range
        while end < ranges.count
            && (ranges[end].lowerBound <= merged.upperBound || ranges[end].lowerBound - merged.upperBound == 1)
        {
            merged = min(merged.lowerBound, ranges[end].lowerBound)...max(merged.upperBound, ranges[end].upperBound)
            end += 1
        }
        ranges.replaceSubrange(low..<end, with: [merged])
    }

    /// Adds every number of `other`.
    public mutating func formUnion(_ other: SequenceRangeSet) {
        for range in other.ranges { insert(range) }
    }

    /// Whether the set holds `value`.
    public func contains(_ value: UInt64) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < value {
                low = middle + 1
            } else if ranges[middle].lowerBound > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }

    /// Whether every number of the set is in `other`.
    public func isSubset(of other: SequenceRangeSet) -> Bool {
        var position = 0
        for range in ranges {
            while position < other.ranges.count && other.ranges[position].upperBound < range.lowerBound {
                position += 1
            }
            guard position < other.ranges.count, other.ranges[position].lowerBound <= range.lowerBound,
                range.upperBound <= other.ranges[position].upperBound
            else { return false }
        }
        return true
    }

    /// The ranges as `[[first,last],…]`.
    public var description: String {
        "[" + ranges.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",") + "]"
    }
}

extension SequenceRangeSet: Codable, JSONLeafCodable {
    /// Reads `[[first,last],…]`.
    public init(from decoder: any Decoder) throws {
        var outer = try decoder.unkeyedContainer()
        var ranges: [ClosedRange<UInt64>] = []
        while !outer.isAtEnd {
            var pair = try outer.nestedUnkeyedContainer()
            let first = try pair.decode(UInt64.self)
            let last = try pair.decode(UInt64.self)
            guard pair.isAtEnd, first >= 1, first <= last else {
                throw DecodingError.dataCorruptedError(in: pair, debugDescription: SequenceRangeSet.expectation)
            }
            ranges.append(first...last)
        }
        self.init(ranges)
    }

    /// Writes `[[first,last],…]`.
    public func encode(to encoder: any Encoder) throws {
        var outer = encoder.unkeyedContainer()
        for range in ranges {
            var pair = outer.nestedUnkeyedContainer()
            try pair.encode(range.lowerBound)
            try pair.encode(range.upperBound)
        }
    }

    static var expectation: String { "an array of [first, last] sequence ranges with 1 ≤ first ≤ last" }
    static var placeholder: SequenceRangeSet { SequenceRangeSet() }

    static func decodeLeaf(_ value: JSONValue) -> Result<SequenceRangeSet, LeafProblem> {
        guard case .array(let elements) = value else { return .failure(mismatch(value)) }
        var ranges: [ClosedRange<UInt64>] = []
        var bad: [String] = []
        for (index, element) in elements.enumerated() {
            if case .array(let pair) = element, pair.count == 2, let first = pair[0].numberValue?.uint64Value,
                let last = pair[1].numberValue?.uint64Value, first >= 1, first <= last
            {
                ranges.append(first...last)
            } else {
                bad.append("[\(index)] is \(element.description.prefix(40))")
            }
        }
        guard bad.isEmpty else {
            return .failure(LeafProblem(message: "expected \(expectation); " + bad.prefix(5).joined(separator: ", ")))
        }
        return .success(SequenceRangeSet(ranges))
    }

    var leafValue: JSONValue {
        .array(ranges.map { .array([.number(DecimalNumber($0.lowerBound)), .number(DecimalNumber($0.upperBound))]) })
    }
}
