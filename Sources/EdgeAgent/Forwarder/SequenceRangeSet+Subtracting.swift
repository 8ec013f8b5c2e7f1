import WireProtocol

extension SequenceRangeSet {
    /// The numbers of this set that are not in `other`.
    func subtracting(_ other: SequenceRangeSet) -> SequenceRangeSet {
        guard !isEmpty, !other.isEmpty else { return self }
        var result: [ClosedRange<UInt64>] = []
        var position = 0
        for range in ranges {
            var low = range.lowerBound
            let high = range.upperBound
            while position < other.ranges.count && other.ranges[position].upperBound < low { position += 1 }
            var index = position
            var exhausted = false
            while index < other.ranges.count && other.ranges[index].lowerBound <= high {
                let cut = other.ranges[index]
                if cut.lowerBound > low { result.append(low...(cut.lowerBound - 1)) }
                if cut.upperBound >= high {
                    exhausted = true
                    break
                }
                low = max(low, cut.upperBound + 1)
                index += 1
            }
            if !exhausted { result.append(low...high) }
        }
        return SequenceRangeSet(result)
    }

    /// The smallest number in the set.
    var first: UInt64? { ranges.first?.lowerBound }
}
