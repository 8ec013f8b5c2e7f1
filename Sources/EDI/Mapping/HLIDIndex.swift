/// The HL01 ids of one 856 and the node each names, looked up by an element's text.
///
/// Most senders number their HLs `1`, `2`, `3` …: an id written as a plain number (digits, no leading zero, at
/// most the set's HL count times four) is found in an array by its value, without making a string or hashing one;
/// any other id is kept in a dictionary by its text. Which of the two holds an id depends only on its text, so an
/// id and a reference to it always meet in the same place.
struct HLIDIndex {
    /// Node index + 1 by numeric id; 0 where no node has that id.
    private var numbered: [Int32]
    /// Node index by id text, for ids that are not plain numbers within ``numbered``.
    private var named: [String: Int] = [:]

    /// An index for a set with `hlCount` HL segments.
    init(hlCount: Int) {
        numbered = [Int32](repeating: 0, count: 4 * hlCount + 8)
    }

    /// Where an id is kept: its value in ``numbered``, or its text in ``named``.
    enum Key {
        case number(Int)
        case text(String)
    }

    /// The key of element `n` of `s`, worked out once for a lookup and an insertion.
    func key(_ s: EDISegment, element n: Int) -> Key {
        if let k = number(s, n) { return .number(k) }
        return .text(s[n])
    }

    /// The node with the id `key`.
    func node(_ key: Key) -> Int? {
        switch key {
        case .number(let k):
            let slot = Int(numbered[k])
            return slot == 0 ? nil : slot - 1
        case .text(let text):
            return named[text]
        }
    }

    /// Records that `node` has the id `key` (replacing any node that had the same id).
    mutating func insert(_ key: Key, node: Int) {
        switch key {
        case .number(let k): numbered[k] = Int32(truncatingIfNeeded: node + 1)
        case .text(let text): named[text] = node
        }
    }

    /// Element `n` of `s` as a plain number below the array's size, or `nil` when it is written otherwise.
    private func number(_ s: EDISegment, _ n: Int) -> Int? {
        guard let b = s.elementBounds(n), !b.inner, !b.range.isEmpty, b.range.count <= 9 else { return nil }
        return s.withContent { bytes -> Int? in
            if b.range.count > 1 && bytes[b.range.lowerBound] == UInt8(ascii: "0") { return nil }
            var value = 0
            for i in b.range {
                guard EDIBytes.isDigit(bytes[i]) else { return nil }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            }
            return value < numbered.count ? value : nil
        }
    }

    /// The node whose id is the text of element `n` of `s`.
    func node(_ s: EDISegment, element n: Int) -> Int? {
        if let k = number(s, n) {
            let slot = Int(numbered[k])
            return slot == 0 ? nil : slot - 1
        }
        return named[s[n]]
    }

    /// The node whose id is `text`.
    func node(text: String) -> Int? {
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.count <= 9, utf8.first != UInt8(ascii: "0") || utf8.count == 1,
            utf8.allSatisfy(EDIBytes.isDigit), let k = Int(text), k < numbered.count
        {
            let slot = Int(numbered[k])
            return slot == 0 ? nil : slot - 1
        }
        return named[text]
    }
}
