/// Which envelope a control number is for.
public enum ControlNumberKind: String, Sendable, Hashable, CaseIterable {
    /// ISA13 / UNB05.
    case interchange
    /// GS06 / UNG05.
    case group
    /// ST02 / UNH01.
    case transactionSet
}
