/// Which segment tags of a standard need a closer look from ``EDISetValidator``: envelope tags of either standard
/// and tags with element rules, found with one table access instead of searching lists for every segment.
///
/// Only tags that are 2–3 upper-case letters or digits are looked up (the validator checks that first), so every
/// byte of a packed tag is 0 (a two-byte tag's missing first byte) or in `0x30...0x5A`.
struct EDITagTable: Sendable {
    /// The tag is an envelope segment of the other standard.
    static let foreign: UInt8 = 1
    /// The tag is an envelope segment of this standard.
    static let own: UInt8 = 2
    /// The tag has element rules in ``EDISegmentDictionary``.
    static let known: UInt8 = 4

    private static let side = 0x5A - 0x2F + 1
    private var flags: [UInt8]

    /// The table for `standard`.
    init(foreign: [UInt32], own: [UInt32], known: [UInt32]) {
        flags = [UInt8](repeating: 0, count: Self.side * Self.side * Self.side)
        for (codes, flag) in [(foreign, Self.foreign), (own, Self.own), (known, Self.known)] {
            for code in codes where Self.isIndexable(code) { flags[Self.slot(code)] |= flag }
        }
    }

    /// The flags of a valid packed tag (0 for an ordinary segment).
    @inline(__always) func flags(of code: UInt32) -> UInt8 {
        flags.withUnsafeBufferPointer { $0[Self.slot(code)] }
    }

    private static func isIndexable(_ code: UInt32) -> Bool {
        code >> 24 == 0
            && [code >> 16, code >> 8, code].allSatisfy { b in
                let byte = b & 0xFF
                return byte == 0 || (0x30...0x5A).contains(byte)
            }
    }

    @inline(__always) private static func slot(_ code: UInt32) -> Int {
        func index(_ b: UInt32) -> Int {
            let byte = Int(b & 0xFF)
            return byte == 0 ? 0 : byte - 0x2F
        }
        return (index(code >> 16) * side + index(code >> 8)) * side + index(code)
    }
}
