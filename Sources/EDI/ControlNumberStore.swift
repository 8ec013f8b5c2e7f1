/// Hands out outbound control numbers per trading partner, never the same one twice.
///
/// The agent keeps these in its SQLite database (one row per partner and kind, incremented in the same
/// transaction that records the outbound file); ``FileControlNumberStore`` is the standalone implementation
/// for the CLI and tests. Numbers run from 1 to 999,999,999 (nine digits, ISA13's width); after that the
/// store wraps to 1, as partners expect.
public protocol ControlNumberStore: Sendable {
    /// Reserves and returns the next number of `kind` for `partner` (e.g. `ZZ/ACMEWMS`). The number is durable
    /// before this returns: a crash afterwards never hands it out again.
    func next(_ kind: ControlNumberKind, for partner: String) throws -> Int
}
