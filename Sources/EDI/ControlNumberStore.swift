/// Which envelope a control number is for.
public enum ControlNumberKind: String, Sendable, Hashable, CaseIterable {
    /// ISA13 / UNB05.
    case interchange
    /// GS06 / UNG05.
    case group
    /// ST02 / UNH01.
    case transactionSet
}

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

/// Why a control number could not be reserved.
public struct ControlNumberError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Sendable, Hashable {
        let name: String
        /// The state file cannot be read, written or synced.
        public static let io = Code(name: "io")
        /// The state file holds a line that is not `partner<TAB>kind<TAB>number`.
        public static let corrupt = Code(name: "corrupt")
    }
    /// What went wrong.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// The message.
    public var description: String { message }
}
